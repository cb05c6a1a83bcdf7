import Lifecycle

/// What an operator asks about one server, from the three roles' states: its status and
/// detail, power, operational, maintenance and update state, its maintenances, what each
/// role waits for (since when, until when, attempt n of m), and whether it is stuck.
public struct ServerStatusView: Sendable {
    /// The server id.
    public var id: String
    /// The parts it was built from (the settings applied).
    public var parts: ServerParts
    /// What each role waits for, scheduler first.
    public var waits: [RoleWait]
    /// Why the server is stuck (see `StuckRule`); empty when it is not.
    public var stuckReasons: [String]

    /// The view of `parts` at `now` (wall-clock time, milliseconds since the epoch) under `settings`.
    public init(_ parts: ServerParts, settings: StatusSettings, now: Instant) {
        let parts = settings.configure(parts)
        self.id = parts.id
        self.parts = parts
        self.waits = Self.waits(of: parts)
        self.stuckReasons = Self.stuckReasons(parts: parts, waits: waits, rule: settings.stuck, now: now)
    }

    /// Whether the server is stuck.
    public var isStuck: Bool { !stuckReasons.isEmpty }

    /// Status and detail as the seed writes them, e.g. `Ready (updating)`; `Unknown` when the power controller has no state.
    public var status: String { parts.power?.condition.description ?? ServerCondition.unknown.description }
    /// The operational state (scheduler).
    public var operational: String { (parts.scheduler?.operational ?? .available).rawValue }
    /// The maintenance (evacuation) state (update orchestrator).
    public var maintenanceState: String { (parts.update?.maintenance ?? .notInMaintenance).label }
    /// The update state (update orchestrator).
    public var updateState: String { (parts.update?.updateState ?? .upToDate).label }

    /// Whether `state` names one of the server's states (status, status detail, operational,
    /// maintenance or update state; case, spaces and punctuation ignored, so `updatePending`
    /// is `update pending`).
    public func isIn(state: String) -> Bool {
        let wanted = Self.normalized(state)
        let power = parts.power?.condition ?? .unknown
        let names = [status, power.status.label, power.detail.label, operational, maintenanceState, updateState]
        return names.contains { Self.normalized($0) == wanted }
    }

    /// Every state a server can be in, by kind, as the views write them: what `state=` takes.
    public static let states: [(kind: String, names: [String])] = [
        ("a status", ServerStatus.allCases.map(\.label) + ServerCondition.all.filter { $0.detail != .none }.map(\.description)),
        ("a status detail", StatusDetail.allCases.map(\.label)),
        ("an operational state", OperationalState.allCases.map(\.rawValue)),
        ("a maintenance state", MaintenanceState.allCases.map(\.label)),
        ("an update state", UpdateState.allCases.map(\.label)),
    ]

    /// Whether `state` names a state some server can be in (compared as `isIn(state:)` does).
    public static func isState(_ state: String) -> Bool {
        let wanted = normalized(state)
        return !wanted.isEmpty && states.contains { $0.names.contains { normalized($0) == wanted } }
    }

    /// Whether a role of that name, or a step of that name, is waited for.
    public func isWaiting(for roleOrStep: String) -> Bool {
        waits.contains { $0.role.rawValue == roleOrStep || $0.step == roleOrStep } || (roleOrStep == "any" && !waits.isEmpty)
    }

    static func normalized(_ text: String) -> String {
        String(text.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    // MARK: Waits

    static func waits(of parts: ServerParts) -> [RoleWait] {
        var waits: [RoleWait] = []
        if let scheduler = parts.scheduler, let wait = scheduler.wait {
            let maintenance = scheduler.current.map { " \($0)" } ?? ""
            let text: String =
                switch wait.step {
                case .awaitingApproval:
                    if let owner = scheduler.claim?.owner {
                        "the owner \(owner)'s approval (maintenance.approved with owner \(owner)) of maintenance\(maintenance)"
                    } else {
                        "the owner's approval (maintenance.approved) of maintenance\(maintenance)"
                    }
                case .settingPower: "the power controller to power the server \(scheduler.active?.request.power == .on ? "on" : "off") for maintenance\(maintenance) (power.command.completed)"
                case .configuringBoot: "the boot-config operator to apply the boot configuration of\(maintenance) (bootconfig.applied)"
                case .inMaintenance: "the maintenance operator to finish\(maintenance) (maintenance.completed or .failed)"
                case .releasingBoot: "the boot-config operator to release the boot configuration of\(maintenance) (bootconfig.released)"
                case .restoringPower: "the power controller to power the server back on (power.command.completed)"
                case .idle, .leased: wait.step.label
                }
            waits.append(RoleWait(role: .scheduler, step: wait.step.rawValue, waitsFor: text, wait: wait, policy: scheduler.settings.policy(of: wait.step)))
        }
        if let power = parts.power, let operation = power.operation {
            let request = "\(operation.request.kind.rawValue) asked by \(operation.request.requester.rawValue), request \(operation.request.id)"
            // The BMC's answer names the BMC request (`requester/id`, PROTOCOL §2), not the command's id: what to look for on the BMC's side.
            let answer = "bmc.power.completed with requestId \(operation.bmcRequestID), sequence \(operation.sequence)"
            let text: String =
                switch operation.wait.step {
                case .poweringOn: "the BMC to power the server on (\(answer)) — \(request)"
                case .gracefulOff: "the BMC's graceful power off (\(answer)) — \(request)"
                case .forcedOff: "the BMC's forced power off (\(answer)) — \(request)"
                case .rebooting: "the BMC to carry out the reboot (\(answer)) — \(request)"
                case .awaitingOnline: "the server to come back online after the reboot (server.online\(Self.bootAwaited(operation, power: power))) — \(request)"
                // No deadline: the last attempt timed out, and the BMC may still carry it out (PROTOCOL §4).
                case .awaitingLateAnswer: "the BMC's answer (\(answer)) to the last attempt, which timed out with the budget used — \(request)"
                case .idle: "nothing"
                }
            let policy = power.settings.policy(of: operation.wait.step, for: operation.request.kind)
            waits.append(RoleWait(role: .power, step: operation.wait.step.rawValue, waitsFor: text, wait: operation.wait, policy: policy))
        }
        if let power = parts.power, let running = power.install, let deadline = running.offDeadline, let boot = running.boot {
            let confirmation = power.settings.installOffConfirmation ?? Milliseconds(0)
            let install = running.request ?? running.cycle ?? "of the server's own"
            waits.append(
                RoleWait(
                    role: .power, step: RoleWait.offConfirmationStep,
                    waitsFor: "a sign of life of boot \(boot) (server.heartbeat with bootId \(boot)) after the BMC reported the power off during install "
                        + "\(install): of that boot the install runs on (the off was of an earlier power cycle); of another boot, or none by the "
                        + "deadline, the off ended it",
                    since: Instant(millisecondsSinceEpoch: deadline.millisecondsSinceEpoch - confirmation.value), until: deadline, attempt: 1,
                    attempts: 1))
        }
        if let update = parts.update, let wait = update.wait {
            let text: String =
                switch wait.step {
                case .update:
                    // Once an earlier attempt ended (timed out or failed) and may still report, only a report naming the latest install request counts (PROTOCOL §2).
                    if update.earlierInstallMayRun, let request = update.installRequestID {
                        "the OS updater's report that install \(request) ended (update.completed with cycleId \(update.cycleID) and requestId \(request))"
                    } else {
                        "the OS updater's report that install \(update.cycleID) ended (update.completed with cycleId \(update.cycleID))"
                    }
                case .serverReady: "the server to be Ready (now \(update.server.description))"
                case .lease: "the scheduler's disruption lease (disruption.granted)"
                case .slot: "a rollout slot of cluster \(update.clusterID ?? "?") (rollout.slot.granted)"
                // The request ids name the round and attempt (PROTOCOL §2, §4): only the answer naming them counts.
                case .evacuation: "Incus to evacuate the server (incus.evacuation.completed\(Self.naming(update.incusRequestID)))"
                case .reboot:
                    if let request = update.powerRequestID {
                        "the reboot to complete (power.command.completed for \(request))"
                    } else {
                        "the server to come back online from its reboot (no reboot command outstanding)"
                    }
                case .restore: "Incus to restore the server (incus.restore.completed\(Self.naming(update.incusRequestID)))"
                }
            waits.append(RoleWait(role: .update, step: wait.step.rawValue, waitsFor: text, wait: wait, policy: update.settings.policy(of: wait.step)))
        }
        return waits
    }

    /// " with requestId <id>" for a request outstanding, or nothing.
    private static func naming(_ requestID: String?) -> String { requestID.map { " with requestId \($0)" } ?? "" }

    // MARK: Stuck

    static func stuckReasons(parts: ServerParts, waits: [RoleWait], rule: StuckRule, now: Instant) -> [String] {
        var reasons: [String] = []
        if let update = parts.update, let failure = update.failure {
            if failure.watchedInstall == true {
                // No cycle of the service failed: the next update announced starts its cycle without a retry.
                reasons.append("the server's own install (watched, no update cycle) failed: \(failure.reason); an update announced starts a cycle")
            } else {
                reasons.append("update cycle failed at step \(failure.step.rawValue): \(failure.reason)")
            }
        }
        if let power = parts.power, let operation = power.operation, operation.wait.step == .awaitingLateAnswer {
            // No deadline ends this: only the BMC's answer of the last attempt does (PROTOCOL §4).
            reasons.append(
                "power keeps \(operation.request.kind.rawValue) \(operation.bmcRequestID) unanswered until the BMC answers its sequence \(operation.sequence) (timed out with the budget used, it may still be carried out)")
        }
        if let update = parts.update, update.wait == nil, update.lease != .none, !update.givenUpRequests.isEmpty {
            // No deadline ends this: only Incus's answer of each request given up on gives the lease back (PROTOCOL §4).
            reasons.append("update keeps the disruption lease until Incus answers \(update.givenUpRequests.joined(separator: ", ")) (given up on, it may still be carried out)")
        }
        if parts.power?.condition == .unresponsive { reasons.append("the server is Offline (unresponsive)") }
        // A wait for a late BMC answer has no deadline to decide: its reason is above.
        for wait in waits where !(wait.role == .power && wait.step == PowerPhase.awaitingLateAnswer.rawValue) {
            let late = now.millisecondsSinceEpoch - wait.until.millisecondsSinceEpoch
            let waited = now.millisecondsSinceEpoch - wait.since.millisecondsSinceEpoch
            if late > rule.overdueGrace.value {
                reasons.append("\(wait.role.rawValue) wait for \(wait.step) is \(StatusText.span(late)) past its deadline: its timeout is not being decided")
            } else if waited > rule.after.value {
                reasons.append("\(wait.role.rawValue) has waited for \(wait.step) for \(StatusText.span(waited)) (longer than \(StatusText.span(rule.after.value)))")
            }
        }
        return reasons
    }
}

extension ServerStatusView {
    /// What a reboot awaiting its server takes as its end, when signs of life name their boot (PROTOCOL §2): a boot after
    /// the one the command started with, the last reset's when the BMC carried out more than one.
    static func bootAwaited(_ operation: PowerController.Operation, power: PowerController) -> String {
        guard let start = operation.bootAtStart else { return "" }
        let resets = operation.carriedOut.count
        let seen = power.boots.count(after: start)
        guard resets > 1 else { return " of a boot after \(start)" }
        return " of a boot after \(start): the BMC carried out \(resets) resets, so \(resets) boots after it, \(seen) seen so far"
    }
}
