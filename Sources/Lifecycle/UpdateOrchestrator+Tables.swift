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
        // Incus finishing the evacuation or the restore is a fact (the member's place in its cluster), taken whatever
        // the server did meanwhile on its own: the maintenance state moves on, and the update state is what the facts
        // give then (`updateState`), so every state they can give is an arrow; one missing made the completion
        // impossible and the member kept the lease and its slot for good (UpdateAppliedWhileRestoringTests). Meanwhile
        // the server may have applied an update of its own that needs a reboot again (a new round: evacuated again,
        // or, having left the cluster, just rebooted), still be installing it, be rebooting, or have rebooted already.
        // The same holds for the decision that ends the maintenance state of a member that left its cluster (below).
        let restored: [(UpdateState, String)] = [
            (.evacuationPending, "restored, update applied: reboot again"), (.rebootPending, "restored, update applied: reboot again"),
            (.updating, "restored, server installing"), (.rebooting, "restored, server rebooting"),
        ]
        rows += restored.map { T(.restoring, .restoreCompleted, $0.1, $0.0) }
        // The reboot command completed: the power controller saw the server again, so it rebooted, also when the view
        // showed a power cycle (shut down or unresponsive → online) or lags behind (RebootThroughPowerLossTests).
        rows += [.rebootPending, .evacuationPending, .rebooting].map { T($0, .powerCompleted, "reboot completed", .upToDate) }
        rows.append(T(.inMaintenanceRebootPending, .powerCompleted, "reboot completed", .inMaintenanceRestorePending))
        rows += [
            T(.evacuating, .evacuationCompleted, "evacuated, server rebooting", .inMaintenanceRebooting),
            T(.evacuating, .evacuationCompleted, "evacuated, server rebooted", .inMaintenanceRestorePending),
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
            // Also while waiting for the grants again (Evacuation pending): the reboot's attempts count across that wait,
            // so its unanswered command's failure may use the budget (RebootFailedWhileAwaitingGrantsTests).
            (.powerFailed, [.rebootPending, .rebooting, .inMaintenanceRebootPending, .inMaintenanceRebooting, .evacuationPending], "reboot failed"),
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
        // No other state can have the request outstanding (GrantOutstandingStatesTests): a held lease goes back only
        // once the member is out of maintenance, so no lease is asked for in the evacuation and restore states, nor
        // in Up to date, where the decision gives the grants back unless a disruptive request asked under them is
        // unanswered; a slot is asked for only by a member in a cluster (a membership change gives it back first:
        // none in Reboot pending) after its install (none in update pending, which a new cycle id enters only after
        // the grants went back). A grant there is a duplicate or of a request withdrawn.
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
            T(.restoring, .decision, "left the cluster: nothing to restore", .rebootPending),
            T(.inMaintenanceRestorePending, .decision, "left the cluster: nothing to restore", .updating),
            T(.restoring, .decision, "left the cluster: nothing to restore", .updating),
            T(.evacuating, .decision, "left the cluster: nothing to evacuate", .rebooting),
            T(.evacuating, .decision, "left the cluster: nothing to evacuate", .upToDate),
            T(.inMaintenanceRebooting, .decision, "left the cluster: nothing to restore", .upToDate),
            // With an update still to install (a retried cycle that resumed at the restore): the answer of the restore
            // outstanding was rejected for the arrow missing, and its request, given up on at its timeout, held the
            // lease for good (LeaseAfterGivenUpIncusRequestTests).
            T(.restoring, .decision, "left the cluster: nothing to restore", .updatePending),
            T(.inMaintenanceRestorePending, .decision, "left the cluster: nothing to restore", .updatePending),
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
        // The watch of the server's own install gave up: an update announced starts its cycle without a retry
        // (updating while the server still reports its own install).
        rows += [
            T(.failed, .decision, "update announced after the server's own install failed", .updatePending),
            T(.failed, .decision, "update announced after the server's own install failed", .updating),
        ]
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
