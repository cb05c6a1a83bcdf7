extension UpdateOrchestrator {
    /// The seed's update cycle diagram, both branches and its choices, followed by
    /// what the seed leaves out (failures, retries, timeouts, grants, view refreshes),
    /// kept as data: the orchestrator never takes an arrow that is not here.
    ///
    /// Unlabelled self-loops (view refreshes, late answers) are not drawn.
    public static let table: TransitionTable<UpdateState, Trigger> = {
        typealias T = Transition<UpdateState, Trigger>
        let ifRequiresReboot = "if_requires_reboot"
        let ifIncus = "if_incus"
        let rebootTrue = T.Choice(id: ifRequiresReboot, guardLabel: "requires reboot == true")
        var rows: [T] = [
            T(.upToDate, .updateAvailable, "update available", .updatePending),
            T(.updatePending, .status(.updateStarted), "update triggered", .updating),
            T(.updating, .status(.updateFinished), "", .upToDate, via: [.init(id: ifRequiresReboot, guardLabel: "requires reboot == false")]),
            T(.updating, .status(.updateFinished), "", .evacuationPending, via: [rebootTrue, .init(id: ifIncus, guardLabel: "if clusterd Incus")]),
            T(.updating, .status(.updateFinished), "", .rebootPending, via: [rebootTrue, .init(id: ifIncus, guardLabel: "else")]),
            T(.rebootPending, .status(.reboot), "trigger reboot", .rebooting),
            T(.rebooting, .status(.online), "self register or polling", .upToDate),
            T(.evacuationPending, .decision, "evacuation triggered", .evacuating),
            T(.evacuating, .evacuationCompleted, "evacuation completed life cycle received", .inMaintenanceRebootPending),
            T(.inMaintenanceRebootPending, .status(.reboot), "trigger reboot", .inMaintenanceRebooting),
            T(.inMaintenanceRebooting, .status(.online), "self register or polling", .inMaintenanceRestorePending),
            T(.inMaintenanceRestorePending, .decision, "restore triggered", .restoring),
            T(.restoring, .restoreCompleted, "restore completed life cycle event received", .upToDate),
        ]
        // Beyond the seed: what the server does on its own.
        rows += [
            T(.upToDate, .status(.updateStarted), "update started unannounced", .updating),
            T(.evacuationPending, .status(.reboot), "rebooted unplanned", .rebooting),
            T(.rebooting, .status(.unresponsive), "reboot lost", .rebootPending),
            T(.rebooting, .status(.unresponsive), "reboot lost", .evacuationPending),
            T(.inMaintenanceRebooting, .status(.unresponsive), "reboot lost", .inMaintenanceRebootPending),
            T(.inMaintenanceRebooting, .status(.unresponsive), "reboot lost", .inMaintenanceRestorePending),
            T(.inMaintenanceRestorePending, .status(.reboot), "rebooted unplanned", .inMaintenanceRebooting),
            T(.inMaintenanceRestorePending, .status(.updateFinished), "update applied: reboot again", .inMaintenanceRebootPending),
            T(.updating, .status(.updateFinished), "update stopped, not applied", .updatePending),
        ]
        for trigger in [StatusTrigger.reboot, .shutdown, .unresponsive] {
            rows += [
                T(.updating, .status(trigger), "update interrupted", .updatePending),
                T(.updating, .status(trigger), "update interrupted", .upToDate),
            ]
        }
        // Steps that wait on the outside world: retries, and failure when the budget is used.
        let waiting: [UpdateState] = [
            .updatePending, .updating, .evacuationPending, .rebootPending, .rebooting, .evacuating,
            .inMaintenanceRebootPending, .inMaintenanceRebooting, .inMaintenanceRestorePending, .restoring,
        ]
        let failures: [(Trigger, [UpdateState], String)] = [
            (.timeout, waiting, "timeout"),
            (.updateFailed, [.updatePending, .updating], "update failed"),
            (.evacuationFailed, [.evacuating], "evacuation failed"),
            (.restoreFailed, [.restoring], "restore failed"),
            (.powerFailed, [.rebootPending, .rebooting, .inMaintenanceRebootPending, .inMaintenanceRebooting], "reboot failed"),
        ]
        for (trigger, states, label) in failures {
            for state in states {
                rows += [T(state, trigger, "\(label): retry", state), T(state, trigger, "\(label): budget used", .failed)]
            }
        }
        // An install interrupted once too often (the server went away each time) ends the cycle.
        rows.append(T(.updatePending, .decision, "install budget used", .failed))
        // A grant answers the request outstanding (matched by its id): it is taken in every state the request
        // can be outstanding in, also after the step that asked gave up (Failed) or the server moved on on its
        // own. What the cycle does with it is `advance`'s decision: use it, keep it while the failed cycle may
        // still disrupt the server, or give it back; so no granted lease or slot leaks and no wait outlasts its
        // grant. (The lease is held before the first evacuation, and the slot asked for only after the install.)
        for state in [UpdateState.updatePending, .updating, .evacuationPending, .rebootPending, .rebooting, .failed] {
            rows.append(T(state, .leaseGranted, "lease granted", state))
        }
        for state in UpdateState.allCases where state != .updatePending && state != .rebootPending {
            rows.append(T(state, .slotGranted, "slot granted", state))
        }
        // The server's cluster membership is a fact, recorded in every state: it decides the seed's
        // if_incus branch where the cycle takes it next (a member that joins or leaves a cluster
        // before its reboot is evacuated, or not, accordingly).
        for state in UpdateState.allCases {
            // Before the reboot the branch follows the membership (below); a move between two clusters stays put.
            let branch = state == .evacuationPending || state == .rebootPending
            rows.append(T(state, .clusterMembership, branch ? "" : "cluster membership", state))
        }
        // A member that left its cluster has nothing to restore: once no evacuation or restore request is
        // outstanding, its maintenance state ends and the cycle goes on as for a standalone server.
        rows += [
            T(.evacuating, .decision, "left the cluster: nothing to evacuate", .rebootPending),
            T(.inMaintenanceRebootPending, .decision, "left the cluster: nothing to restore", .rebootPending),
            T(.inMaintenanceRebooting, .decision, "left the cluster: nothing to restore", .rebooting),
            T(.inMaintenanceRestorePending, .decision, "left the cluster: nothing to restore", .upToDate),
            T(.restoring, .decision, "left the cluster: nothing to restore", .upToDate),
        ]
        rows += [
            T(.evacuationPending, .clusterMembership, "left the cluster", .rebootPending),
            T(.rebootPending, .clusterMembership, "joined a cluster", .evacuationPending),
        ]
        for state in UpdateState.allCases where state != .failed {
            rows.append(T(.failed, .retry, "operator retry", state))
        }
        // An update announced during a cycle (or while it is Failed) is kept, and starts a cycle
        // when this one ends (or on retry): the running cycle is not disturbed.
        for state in UpdateState.allCases where state != .upToDate {
            rows.append(T(state, .updateAvailable, "", state))
        }
        rows.append(T(.upToDate, .decision, "update announced during the cycle", .updatePending))
        // The status view is refreshed in every state, and late power answers are taken.
        for state in UpdateState.allCases {
            for trigger in StatusTrigger.allCases {
                rows.append(T(state, .status(trigger), "", state))
            }
            rows += [T(state, .powerCompleted, "", state), T(state, .powerFailed, "", state)]
        }
        return TransitionTable(rows)
    }()
}
