import Testing

@testable import Lifecycle

/// The orchestrator and the power controller together: each role's outputs are delivered to the other
/// (power commands, their answers, the status changes), and every rejection is kept.
struct UpdateAndPowerRoles {
    var machine: Orchestrator
    var power = PowerController()
    /// Every input one of the two roles rejected, with the rejection.
    var rejected: [String] = []
    /// The BMC requests the power controller made.
    var bmc: [BMCRequest] = []

    init(_ machine: Orchestrator) {
        self.machine = machine
        power.drive([.registered(), .configurationDone])
    }

    /// Delivers `input` to the orchestrator, and what it asks of the power controller there; returns the
    /// orchestrator's outputs.
    @discardableResult
    mutating func orchestrator(_ input: Orchestrator.Input, at now: Instant = t0) -> [Orchestrator.Output] {
        switch machine.handle(input, at: now) {
        case let .failure(rejection):
            rejected.append("orchestrator: \(input): \(rejection)")
            return []
        case let .success(outputs):
            var all = outputs
            for case let .power(request) in outputs { all += powerController(.command(request), at: now) }
            return all
        }
    }

    /// Delivers `input` to the power controller, and its answers and status changes to the orchestrator;
    /// returns the orchestrator's outputs.
    @discardableResult
    mutating func powerController(_ input: PowerController.Input, at now: Instant = t0) -> [Orchestrator.Output] {
        switch power.handle(input, at: now) {
        case let .failure(rejection):
            rejected.append("power controller: \(input): \(rejection)")
            return []
        case let .success(outputs):
            var all: [Orchestrator.Output] = []
            for output in outputs {
                switch output {
                case let .statusChanged(change): all += orchestrator(.serverStatus(change), at: now)
                case let .operationCompleted(request) where request.requester == .updateOrchestrator:
                    all += orchestrator(.powerCompleted(requestID: request.id), at: now)
                case let .operationFailed(request, reason) where request.requester == .updateOrchestrator:
                    all += orchestrator(.powerFailed(requestID: request.id, reason: reason), at: now)
                case let .operationBusy(request, running) where request.requester == .updateOrchestrator:
                    all += orchestrator(.powerFailed(requestID: request.id, reason: PowerController.busyReason(running: running), busy: true), at: now)
                case let .bmc(request): bmc.append(request)
                default: break
                }
            }
            return all
        }
    }

    /// The BMC carries out the latest request, and the server comes back online: the reboot runs.
    mutating func rebootRuns(at now: Instant = t0) {
        guard let request = bmc.last else {
            Issue.record("no BMC request to carry out")
            return
        }
        powerController(.bmcSucceeded(requestID: request.requestID, sequence: request.sequence), at: now)
        powerController(.signOfLife(), at: now)
    }
}

/// One cycle id can need a second reboot: an install applied after the cycle's reboot (the server's own,
/// reported naming no cycle) needs one again, during the restore (`update applied: reboot again`) or after
/// the cycle ended Up to date (the server's own install is watched under the last cycle's id). The reboot
/// command was `update-N-reboot` again, an id the power controller has as completed: the second reboot was
/// a `duplicate` there and never ran, the orchestrator (which never hears of the rejection) waited until
/// the reboot's budget was used and failed keeping the lease, the command unanswered (PROTOCOL §1, §3: an
/// id names one request). During the restore, the restore's completion was rejected (`not applicable`:
/// the table had no arrow to Evacuation pending), so the member stayed "restoring" until it failed.
@Suite("A second reboot of one cycle id is a new request, not a duplicate of the first (PROTOCOL §3, §4)")
struct SecondRebootRequestIDTests {
    private static let settings = Orchestrator.Settings(reboot: RetryPolicy(timeout: .minutes(30), attempts: 2))

    /// The power commands among `outputs`.
    private static func commands(_ outputs: [Orchestrator.Output]) -> [String] {
        outputs.compactMap { if case let .power(request) = $0 { request.id } else { nil } }
    }

    /// Cycle update-1 installed (its install needs a reboot) under the lease, through the power controller.
    private static func installed(clusterID: String?) -> UpdateAndPowerRoles {
        var roles = UpdateAndPowerRoles(Orchestrator(settings: settings, clusterID: clusterID, server: .ready))
        roles.orchestrator(.updateAvailable)
        roles.orchestrator(.leaseGranted(requestID: "update-1-lease"))
        roles.powerController(.updateStarted(cycleID: "update-1", requestID: "update-1-update-1"))
        roles.powerController(.updateFinished(requiresReboot: true, cycleID: "update-1", requestID: "update-1-update-1"))
        return roles
    }

    @Test("not clustered: the server's own install after the cycle needs a reboot; it runs, and the lease goes back")
    func afterTheCycle() {
        var roles = Self.installed(clusterID: nil)
        roles.rebootRuns(at: t0 + .minutes(5))
        #expect(roles.machine.updateState == .upToDate && roles.machine.lease == .none)

        // The server installs an update on its own: watched under cycle update-1's id, it needs a reboot.
        roles.powerController(.updateStarted(cycleID: nil), at: t0 + .hours(1))
        roles.powerController(.updateFinished(requiresReboot: true, cycleID: nil), at: t0 + .hours(2))
        #expect(roles.machine.updateState == .rebootPending && roles.machine.lease == .requested)
        let asked = roles.orchestrator(.leaseGranted(requestID: roles.machine.leaseRequestID), at: t0 + .hours(2))
        let ids = Self.commands(asked)
        #expect(ids == ["update-1-round-2-reboot"], "the first reboot's id again: \(ids)")
        #expect(roles.rejected.isEmpty, "\(roles.rejected)")
        roles.rebootRuns(at: t0 + .hours(2) + .minutes(5))
        #expect(roles.machine.updateState == .upToDate, "\(roles.machine.updateState.label): \(roles.machine.failure?.reason ?? "")")
        #expect(roles.machine.lease == .none && roles.machine.powerRequestID == nil)
    }

    @Test("clustered: an install the server applied during the restore needs a reboot: restored, evacuated, rebooted, restored again")
    func duringTheRestore() {
        var roles = Self.installed(clusterID: "c1")
        roles.orchestrator(.slotGranted(requestID: "update-1-slot", cluster: "c1"))
        roles.orchestrator(.evacuationCompleted(requestID: "update-1-evacuation-1"))
        roles.rebootRuns(at: t0 + .minutes(5))
        #expect(roles.machine.updateState == .restoring && roles.machine.incusRequestID == "update-1-restore-1")

        // The server applies an update on its own while Incus restores it: the update needs a reboot again.
        roles.powerController(.updateStarted(cycleID: nil), at: t0 + .minutes(6))
        roles.powerController(.updateFinished(requiresReboot: true, cycleID: nil), at: t0 + .minutes(8))
        // The restore completed: a fact, the member is back in its cluster. The new update needs a reboot:
        // the member is evacuated again under the slot it holds, with request ids of their own.
        let evacuation = roles.orchestrator(.restoreCompleted(requestID: "update-1-restore-1"), at: t0 + .minutes(9))
        #expect(roles.rejected.isEmpty, "\(roles.rejected)")
        #expect(roles.machine.updateState == .evacuating && roles.machine.maintenance == .evacuating, "\(roles.machine.updateState.label)")
        let evacuationID = evacuation.compactMap { if case let .evacuate(requestID) = $0 { requestID } else { nil } }
        #expect(evacuationID == ["update-1-round-2-evacuation-1"], "the first evacuation's id again: \(evacuationID)")
        guard let second = evacuationID.first else { return }
        let reboot = roles.orchestrator(.evacuationCompleted(requestID: second), at: t0 + .minutes(10))
        let ids = Self.commands(reboot)
        #expect(ids == ["update-1-round-2-reboot"], "the first reboot's id again: \(ids)")
        #expect(roles.rejected.isEmpty, "\(roles.rejected)")
        roles.rebootRuns(at: t0 + .minutes(15))
        #expect(roles.machine.updateState == .restoring, "\(roles.machine.updateState.label): \(roles.machine.failure?.reason ?? "")")
        guard let restore = roles.machine.incusRequestID else { return }
        #expect(restore == "update-1-round-2-restore-1")
        let end = roles.orchestrator(.restoreCompleted(requestID: restore), at: t0 + .minutes(16))
        #expect(roles.machine.updateState == .upToDate && roles.machine.lease == .none && roles.machine.slot == .none)
        #expect(end.contains(.releaseLease(requestID: "update-1-lease")) && end.contains(.releaseSlot(clusterID: "c1")), "\(end)")
        #expect(roles.rejected.isEmpty, "\(roles.rejected)")
    }

    @Test("clustered, moved to another cluster while rebooting: the install applied while the restore waits for a slot needs a reboot that runs")
    func whileTheRestoreWaitsForASlot() {
        var roles = Self.installed(clusterID: "c1")
        roles.orchestrator(.slotGranted(requestID: "update-1-slot", cluster: "c1"))
        roles.orchestrator(.evacuationCompleted(requestID: "update-1-evacuation-1"))
        roles.orchestrator(.clusterMembership("c2"))
        roles.rebootRuns(at: t0 + .minutes(5))
        #expect(roles.machine.updateState == .inMaintenanceRestorePending && roles.machine.wait?.step == .slot)
        roles.powerController(.updateStarted(cycleID: nil), at: t0 + .minutes(6))
        roles.powerController(.updateFinished(requiresReboot: true, cycleID: nil), at: t0 + .minutes(8))
        #expect(roles.machine.updateState == .inMaintenanceRebootPending)
        let asked = roles.orchestrator(.slotGranted(requestID: "update-1-slot-2", cluster: "c2"), at: t0 + .minutes(9))
        let ids = Self.commands(asked)
        #expect(ids == ["update-1-round-2-reboot"], "the first reboot's id again: \(ids)")
        #expect(roles.rejected.isEmpty, "\(roles.rejected)")
        roles.rebootRuns(at: t0 + .minutes(15))
        #expect(roles.machine.updateState == .restoring, "\(roles.machine.updateState.label): \(roles.machine.failure?.reason ?? "")")
        #expect(roles.machine.incusRequestID == "update-1-round-2-restore-1")
    }

    @Test("a third reboot under the cycle id is round 3; a new cycle's first reboot is round 1 again")
    func laterRounds() {
        var roles = Self.installed(clusterID: nil)
        roles.rebootRuns(at: t0 + .minutes(5))
        for round in 2...3 {
            let at = t0 + .hours(Int64(round))
            roles.powerController(.updateStarted(cycleID: nil), at: at)
            roles.powerController(.updateFinished(requiresReboot: true, cycleID: nil), at: at)
            let ids = Self.commands(roles.orchestrator(.leaseGranted(requestID: roles.machine.leaseRequestID), at: at))
            #expect(ids == ["update-1-round-\(round)-reboot"])
            roles.rebootRuns(at: at + .minutes(5))
            #expect(roles.machine.updateState == .upToDate && roles.machine.lease == .none)
        }
        roles.orchestrator(.updateAvailable, at: t0 + .hours(5))
        roles.orchestrator(.leaseGranted(requestID: "update-2-lease"), at: t0 + .hours(5))
        roles.powerController(.updateStarted(cycleID: "update-2", requestID: "update-2-update-1"), at: t0 + .hours(5))
        let asked = roles.powerController(.updateFinished(requiresReboot: true, cycleID: "update-2", requestID: "update-2-update-1"),
                                          at: t0 + .hours(5))
        #expect(Self.commands(asked) == ["update-2-reboot"])
        #expect(roles.rejected.isEmpty, "\(roles.rejected)")
    }

    @Test("a reboot still pending when an operator retries is the new cycle id's first round")
    func retriedCycle() {
        var machine = Orchestrator(settings: Self.settings, server: .ready)
        machine.drive(installSteps.map(\.input))
        machine.drive([
            change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"),
            // The reboot run again after its failure is a command of its own (PROTOCOL §4).
            .powerFailed(requestID: "update-1-reboot", reason: "BMC"), .powerFailed(requestID: "update-1-reboot-2", reason: "BMC"),
        ])
        #expect(machine.updateState == .failed && machine.requiresReboot && machine.lease == .none)
        machine.drive([.retry, .leaseGranted(requestID: "update-2-lease")], at: t0 + .minutes(1))
        #expect(machine.powerRequestID == "update-2-reboot" && machine.rebootRounds == 1)
    }

    @Test("a retried reboot keeps its id within its round: the power controller carries it out once")
    func retryKeepsTheId() {
        var roles = Self.installed(clusterID: nil)
        #expect(roles.machine.powerRequestID == "update-1-reboot")
        // The reboot's answer is on its way when the orchestrator times out: the retry is the same command.
        let retried = roles.orchestrator(.tick, at: t0 + .minutes(30))
        #expect(Self.commands(retried) == ["update-1-reboot"])
        #expect(roles.rejected.count == 1 && roles.rejected.first?.contains("duplicate") == true, "\(roles.rejected)")
    }
}
