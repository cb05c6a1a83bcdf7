import Testing

@testable import Lifecycle

/// The OS updater's reports name the install request (the attempt) they answer (PROTOCOL §2,
/// "Install reports name their attempt"): a report of another attempt is stale, and one naming
/// none cannot be attributed once a later attempt was asked for.
@Suite("Install reports are matched to their attempt (PROTOCOL §2)")
struct InstallAttemptReportTests {
    private static let settings = Orchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 2))

    /// Cycle update-1 under the lease, clustered in c1: attempt 1 timed out, attempt 2 asked for.
    private static func secondAttemptAsked(clusterID: String? = nil) -> Orchestrator {
        var machine = Orchestrator(settings: settings, clusterID: clusterID, server: .ready)
        machine.drive(Array(installSteps.prefix(2)).map(\.input))
        #expect(machine.accept(.tick, at: t0 + .minutes(60)) == [.triggerUpdate(requestID: "update-1-update-2", cycleID: "update-1")])
        return machine
    }

    @Test("a report naming the earlier attempt's request is stale; the latest attempt's own report counts")
    func namedAttempt() {
        var machine = Self.secondAttemptAsked()
        guard case .failure(.stale) = machine.handle(.updateFailed(cycleID: "update-1", reason: "disk", requestID: "update-1-update-1"), at: t0 + .minutes(61)) else {
            Issue.record("the first attempt's failure was taken")
            return
        }
        machine.drive([.updateFailed(cycleID: "update-1", reason: "disk", requestID: "update-1-update-2")], at: t0 + .minutes(62))
        #expect(machine.updateState == .failed && machine.lease == .none)
    }

    @Test("a late completion naming no request does not let a clustered member be evacuated while attempt 2 is outstanding")
    func unattributedCompletion() {
        var machine = Self.secondAttemptAsked(clusterID: "c1")
        let outputs = machine.drive([
            change(.ready, .updating, .updateStarted, cycle: "update-1"),
            change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"),
        ], at: t0 + .minutes(61))
        #expect(!outputs.contains { if case .requestSlot = $0 { true } else if case .evacuate = $0 { true } else { false } }, "\(outputs)")
        #expect(machine.updateAvailable && machine.wait?.step == .update && machine.updateState == .updatePending)
        // The second attempt's own report moves the cycle on.
        machine.drive([
            .serverStatus(StatusChange(from: .ready, to: .updating, trigger: .updateStarted, cycleID: "update-1", requestID: "update-1-update-2")),
            .serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: true, cycleID: "update-1",
                                       requestID: "update-1-update-2")),
        ], at: t0 + .minutes(70))
        #expect(machine.updateState == .evacuationPending && machine.slot == .requested)
    }

    @Test("a failed cycle whose last attempt may run keeps its lease on an earlier attempt's report")
    func installMayRunKept() {
        var machine = Self.secondAttemptAsked()
        machine.drive([.tick], at: t0 + .minutes(120))
        #expect(machine.updateState == .failed && machine.failure?.installMayRun == true && machine.lease == .held)
        machine.drive([
            change(.ready, .updating, .updateStarted, cycle: "update-1"),
            .serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, updateFailed: true, cycleID: "update-1",
                                       requestID: "update-1-update-1")),
        ], at: t0 + .minutes(121))
        #expect(machine.lease == .held && machine.failure?.installMayRun == true)
        machine.drive([
            change(.ready, .updating, .updateStarted, cycle: "update-1"),
            .serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, updateFailed: true, cycleID: "update-1",
                                       requestID: "update-1-update-2")),
        ], at: t0 + .minutes(122))
        #expect(machine.lease == .none)
    }

    @Test("the power controller takes no finish of another install request than the one it saw start")
    func powerControllerMatchesRequest() {
        var power = PowerController()
        power.drive([.registered(), .configurationDone, .updateStarted(cycleID: "update-1", requestID: "update-1-update-2")])
        #expect(power.install?.request == "update-1-update-2")
        guard case .failure(.stale) = power.handle(.updateFailed(cycleID: "update-1", requestID: "update-1-update-1"), at: t0) else {
            Issue.record("the first attempt's failure ended the second one's install")
            return
        }
        #expect(power.condition == .updating)
    }
}
