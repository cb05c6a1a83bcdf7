import FleetSimulator

/// What an end-to-end run must show, server by server.
enum FleetChecks {
    /// Where each state starts before its first transition.
    static let initial = [
        "status": "Unknown/none", "maintenance-state": "not in maintenance", "update-state": "Up to date", "operational": "Available",
        "slot": "free",
    ]

    /// The server is where its plan ends: ready, powered on, at rest, up to date,
    /// every maintenance in the state the simulator made it end in, one update cycle done.
    static func finalStateProblems(_ server: ServerView?, plan: ServerPlan) -> [String] {
        guard let server else { return ["\(plan.id): nothing seen"] }
        var problems: [String] = []
        func expect(_ what: String, _ actual: String, _ expected: String) {
            if actual != expected { problems.append("\(plan.id): \(what) is \(actual), expected \(expected)") }
        }
        expect("status", server.status, "Ready/none")
        expect("power", server.power, "on")
        expect("operational state", server.operationalState, plan.restingOperationalState)
        expect("maintenance state", server.maintenanceState, "not in maintenance")
        expect("update state", server.updateState, "Up to date")
        expect("completed update cycles", "\(server.updatesCompleted)", "1")
        expect("slot", server.holdsSlot ? "held" : "free", "free")
        for maintenance in plan.maintenances {
            expect("maintenance \(maintenance.id)", server.maintenances[maintenance.id] ?? "unknown", maintenance.finalState)
        }
        expect("maintenances known", "\(server.maintenances.count)", "\(plan.maintenances.count)")
        return problems
    }

    /// A place where a server's state changes do not follow on each other.
    struct ChainBreak {
        enum Kind {
            /// The change starts elsewhere than where the one before ended: a change
            /// between them was lost (or emitted out of order).
            case gap
            /// The same change again (from and to as the one before it), or a change
            /// that changes nothing: applied twice.
            case duplicate
        }

        var kind: Kind
        var text: String
    }

    /// Every break in `server`'s chains of state changes.
    static func chainBreaks(_ server: ServerView) -> [ChainBreak] {
        var current: [String: String] = [:]
        var previous: [String: TransitionRecord.StateChange] = [:]
        var breaks: [ChainBreak] = []
        for record in server.transitions {
            guard let change = record.change else { continue }
            let expectedFrom = current[change.aspect] ?? initial[change.aspect] ?? (change.aspect.hasPrefix("maintenance ") ? "new" : change.from)
            if change.from == change.to {
                breaks.append(ChainBreak(kind: .duplicate, text: "\(server.id): \(record.summary) (\(record.id)) changes nothing"))
            } else if change.from != expectedFrom {
                let kind: ChainBreak.Kind = previous[change.aspect] == change ? .duplicate : .gap
                breaks.append(ChainBreak(kind: kind, text: "\(server.id): \(record.summary) (\(record.id)) follows \(change.aspect) = \(expectedFrom)"))
            }
            current[change.aspect] = change.to
            previous[change.aspect] = change
        }
        return breaks
    }

    /// No transition lost and none applied twice: every state change starts where the
    /// previous one of the same state ended, and every change changes something.
    static func chainProblems(_ server: ServerView) -> [String] {
        chainBreaks(server).map(\.text)
    }

    /// The scheduler is the single arbiter of disruptive work: while a maintenance is
    /// in maintenance, the update cycle does not reboot or evacuate the server.
    /// (All of a server's transitions are on one partition, in the order produced.)
    static func arbiterProblems(_ server: ServerView) -> [String] {
        var active: Set<String> = []
        var problems: [String] = []
        for record in server.transitions {
            guard let change = record.change else { continue }
            if change.aspect.hasPrefix("maintenance ") {
                if change.to == "InMaintenance" { active.insert(change.aspect) } else { active.remove(change.aspect) }
            }
            let disruptive =
                (change.aspect == "status" && change.to == "Offline/rebooting")
                || (change.aspect == "maintenance-state" && change.to == "evacuating")
            if disruptive, !active.isEmpty {
                problems.append("\(server.id): \(record.summary) while \(active.sorted()) is in maintenance")
            }
        }
        return problems
    }

    /// The exact transitions each role emitted for a sample of servers, one of each kind.
    static let expectedSequences: [String: [String: [String]]] = [
        // Cluster member, available; Cleanup, BIOSUpdate (boot config) and FirmwareUpdate
        // (enforced, powered on); update with reboot: evacuated, rebooted, restored.
        "server-0000": [
            "scheduler": [
                "maintenance ops/cleanup-server-0000 new → Pending",
                "maintenance ops/cleanup-server-0000 Pending → InMaintenance",
                "operational Available → Maintenance",
                "maintenance ops/bios-server-0000 new → Pending",
                "maintenance ops/firmware-server-0000 new → Pending",
                "maintenance ops/cleanup-server-0000 InMaintenance → Complete",
                "maintenance ops/bios-server-0000 Pending → InMaintenance",
                "maintenance ops/bios-server-0000 InMaintenance → Complete",
                "maintenance ops/firmware-server-0000 Pending → InMaintenance",
                "maintenance ops/firmware-server-0000 InMaintenance → Complete",
                "operational Maintenance → Available",
                "disruption granted",
            ],
            "power": [
                "status Unknown/none → Pending/none (create)",
                "power on",
                "status Pending/none → Ready/none (configurationDone)",
                "power off",
                "status Ready/none → Offline/shut down (shutdown)",
                "power-command off for scheduler completed",
                "power on",
                "power-command on for scheduler completed",
                "status Offline/shut down → Ready/none (online)",
                "power-command on for scheduler completed",
                "status Ready/none → Ready/updating (updateStarted)",
                "status Ready/updating → Ready/none (updateFinished)",
                "status Ready/none → Offline/rebooting (reboot)",
                "status Offline/rebooting → Ready/none (online)",
                "power-command reboot for update completed",
            ],
            "update": [
                "update-state Up to date → update pending",
                "update-state update pending → updating",
                "update-state updating → Evacuation pending",
                "slot granted cluster-0",
                "maintenance-state not in maintenance → evacuating",
                "update-state Evacuation pending → Evacuating",
                "maintenance-state evacuating → evacuated",
                "update-state Evacuating → In maintenance (reboot pending)",
                "update-state In maintenance (reboot pending) → In maintenance (rebooting)",
                "update-state In maintenance (rebooting) → In maintenance (restore pending)",
                "maintenance-state evacuated → restoring",
                "update-state In maintenance (restore pending) → Restoring",
                "maintenance-state restoring → not in maintenance",
                "update-state Restoring → Up to date",
                "slot freed cluster-0",
            ],
        ],
        // Standalone, claimed: Cleanup waits for the owner's approval, the enforced
        // FirmwareUpdate goes first; update without reboot (the install under the lease).
        "server-0001": [
            "scheduler": [
                "operational Available → Reserved",
                "maintenance ops/cleanup-server-0001 new → Pending",
                "maintenance ops/firmware-server-0001 new → Pending",
                "maintenance ops/firmware-server-0001 Pending → InMaintenance",
                "operational Reserved → Maintenance",
                "maintenance ops/firmware-server-0001 InMaintenance → Complete",
                "maintenance ops/cleanup-server-0001 Pending → InMaintenance",
                "maintenance ops/cleanup-server-0001 InMaintenance → Complete",
                "operational Maintenance → Reserved",
                "disruption granted",
            ],
            "power": [
                "status Unknown/none → Pending/none (create)",
                "power on",
                "status Pending/none → Ready/none (configurationDone)",
                "power off",
                "status Ready/none → Offline/shut down (shutdown)",
                "power-command off for scheduler completed",
                "power on",
                "power-command on for scheduler completed",
                "status Offline/shut down → Ready/none (online)",
                "status Ready/none → Ready/updating (updateStarted)",
                "status Ready/updating → Ready/none (updateFinished)",
            ],
            "update": [
                "update-state Up to date → update pending",
                "update-state update pending → updating",
                "update-state updating → Up to date",
            ],
        ],
        // Standalone, available: Cleanup, then the higher-priority BIOSUpdate; update with
        // reboot under the scheduler's disruption lease.
        "server-0002": [
            "scheduler": [
                "maintenance ops/cleanup-server-0002 new → Pending",
                "maintenance ops/cleanup-server-0002 Pending → InMaintenance",
                "operational Available → Maintenance",
                "maintenance ops/bios-server-0002 new → Pending",
                "maintenance ops/cleanup-server-0002 InMaintenance → Complete",
                "maintenance ops/bios-server-0002 Pending → InMaintenance",
                "maintenance ops/bios-server-0002 InMaintenance → Complete",
                "operational Maintenance → Available",
                "disruption granted",
            ],
            "power": [
                "status Unknown/none → Pending/none (create)",
                "power on",
                "status Pending/none → Ready/none (configurationDone)",
                "power off",
                "status Ready/none → Offline/shut down (shutdown)",
                "power-command off for scheduler completed",
                "power on",
                "power-command on for scheduler completed",
                "status Offline/shut down → Ready/none (online)",
                "status Ready/none → Ready/updating (updateStarted)",
                "status Ready/updating → Ready/none (updateFinished)",
                "status Ready/none → Offline/rebooting (reboot)",
                "status Offline/rebooting → Ready/none (online)",
                "power-command reboot for update completed",
            ],
            "update": [
                "update-state Up to date → update pending",
                "update-state update pending → updating",
                "update-state updating → Reboot pending",
                "update-state Reboot pending → Rebooting",
                "update-state Rebooting → Up to date",
            ],
        ],
        // Cluster member, claimed with ok-to-maintenance: no approval asked; an update
        // without reboot needs no evacuation.
        "server-0003": [
            "scheduler": [
                "operational Available → Reserved",
                "maintenance ops/cleanup-server-0003 new → Pending",
                "maintenance ops/cleanup-server-0003 Pending → InMaintenance",
                "operational Reserved → Maintenance",
                "maintenance ops/firmware-server-0003 new → Pending",
                "maintenance ops/cleanup-server-0003 InMaintenance → Complete",
                "maintenance ops/firmware-server-0003 Pending → InMaintenance",
                "maintenance ops/firmware-server-0003 InMaintenance → Complete",
                "operational Maintenance → Reserved",
                "disruption granted",
            ],
            "power": [
                "status Unknown/none → Pending/none (create)",
                "power on",
                "status Pending/none → Ready/none (configurationDone)",
                "power off",
                "status Ready/none → Offline/shut down (shutdown)",
                "power-command off for scheduler completed",
                "power on",
                "power-command on for scheduler completed",
                "status Offline/shut down → Ready/none (online)",
                "power-command on for scheduler completed",
                "status Ready/none → Ready/updating (updateStarted)",
                "status Ready/updating → Ready/none (updateFinished)",
            ],
            "update": [
                "update-state Up to date → update pending",
                "update-state update pending → updating",
                "update-state updating → Up to date",
            ],
        ],
        // Claimed with ok-to-maintenance; an Audit maintenance cancelled while pending.
        "server-0007": [
            "scheduler": [
                "operational Available → Reserved",
                "maintenance ops/cleanup-server-0007 new → Pending",
                "maintenance ops/cleanup-server-0007 Pending → InMaintenance",
                "operational Reserved → Maintenance",
                "maintenance ops/firmware-server-0007 new → Pending",
                "maintenance ops/audit-server-0007 new → Pending",
                "maintenance ops/audit-server-0007 Pending → Cancelled",
                "maintenance ops/cleanup-server-0007 InMaintenance → Complete",
                "maintenance ops/firmware-server-0007 Pending → InMaintenance",
                "maintenance ops/firmware-server-0007 InMaintenance → Complete",
                "operational Maintenance → Reserved",
                "disruption granted",
            ],
            "update": [
                "update-state Up to date → update pending",
                "update-state update pending → updating",
                "update-state updating → Up to date",
            ],
        ],
        // The OS update fails to apply once (update.failed): not taken as applied, retried.
        "server-0009": [
            "update": [
                "update-state Up to date → update pending",
                "update-state update pending → updating",
                "update-state updating → update pending",
                "update-state update pending → updating",
                "update-state updating → Up to date",
            ]
        ],
        // The BIOSUpdate fails (the simulator's operator reports it); the queue goes on.
        "server-0010": [
            "scheduler": [
                "maintenance ops/cleanup-server-0010 new → Pending",
                "maintenance ops/cleanup-server-0010 Pending → InMaintenance",
                "operational Available → Maintenance",
                "maintenance ops/bios-server-0010 new → Pending",
                "maintenance ops/firmware-server-0010 new → Pending",
                "maintenance ops/cleanup-server-0010 InMaintenance → Complete",
                "maintenance ops/bios-server-0010 Pending → InMaintenance",
                "maintenance ops/bios-server-0010 InMaintenance → Failed",
                "maintenance ops/firmware-server-0010 Pending → InMaintenance",
                "maintenance ops/firmware-server-0010 InMaintenance → Complete",
                "operational Maintenance → Available",
                "disruption granted",
            ],
            "update": [
                "update-state Up to date → update pending",
                "update-state update pending → updating",
                "update-state updating → Reboot pending",
                "update-state Reboot pending → Rebooting",
                "update-state Rebooting → Up to date",
            ],
        ],
    ]

    /// Each rejection with its reason, then the transitions of the first few servers with one.
    static func rejectionReport(_ view: FleetView, servers limit: Int = 3) -> String {
        let rejected = view.servers.values.filter { !$0.rejections.isEmpty }.sorted { $0.id < $1.id }
        var lines: [String] = []
        for server in rejected {
            lines += server.rejections.map {
                "\(server.id): \($0.summary) (\($0.id)) of event \($0.rejectedEvent ?? "?"): \($0.reason ?? "no reason")"
            }
        }
        for server in rejected.prefix(limit) {
            lines.append("\(server.id) transitions:")
            lines += server.transitions.map { "    \($0.role): \($0.summary) (\($0.id))" }
        }
        return lines.joined(separator: "\n")
    }

    /// Whether `actual` is `expected`: exactly, or with `bySubject` the same transitions with
    /// each subject's in the same order.
    static func same(_ actual: [String], _ expected: [String], bySubject: Bool) -> Bool {
        guard bySubject else { return actual == expected }
        return actual.sorted() == expected.sorted() && Dictionary(grouping: actual, by: subject) == Dictionary(grouping: expected, by: subject)
    }

    /// What a transition of `expectedSequences` is about: "maintenance ops/NAME" for a
    /// maintenance, "power" for the power state and the power commands that change it, else
    /// its first word ("status", "operational", "update-state", …).
    static func subject(of transition: String) -> String {
        let words = transition.split(separator: " ", maxSplits: 2)
        guard let first = words.first else { return "" }
        if first == "maintenance", words.count > 1 { return words.prefix(2).joined(separator: " ") }
        return first.hasPrefix("power") ? "power" : String(first)
    }

    /// Every problem of a finished run of `scenario`; with `sequences`, also where a
    /// sample server's transitions differ from `expectedSequences`: exactly, or with
    /// `bySubject` in their order per subject (`subject(of:)`) and as a whole multiset.
    /// Faults delay one event against another it does not depend on (a produce retried
    /// for the agent that reports a boot, not for the operator finishing a maintenance),
    /// so under faults the interleaving of independent subjects may differ from the
    /// fault-free run's; each subject's own order may not.
    static func problems(_ view: FleetView, scenario: FleetScenario, sequences: Bool, bySubject: Bool = false) -> [String] {
        var problems: [String] = []
        for plan in scenario.servers {
            problems += finalStateProblems(view.servers[plan.id], plan: plan)
            if let server = view.servers[plan.id] {
                problems += chainProblems(server)
                problems += arbiterProblems(server)
            }
        }
        if view.servers.count != scenario.servers.count {
            problems.append("\(view.servers.count) servers seen, \(scenario.servers.count) planned")
        }
        for (id, roles) in expectedSequences where sequences {
            guard let server = view.servers[id] else { continue }
            for (role, expected) in roles {
                let actual = server.transitions(by: role)
                if !same(actual, expected, bySubject: bySubject) { problems.append("\(id) \(role): \(actual), expected \(expected)\(bySubject ? " (in order per subject)" : "")") }
            }
        }
        return problems
    }
}
