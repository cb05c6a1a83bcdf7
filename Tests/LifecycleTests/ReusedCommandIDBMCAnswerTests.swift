import Testing

@testable import Lifecycle

@Suite("A BMC answer belongs to one power operation (PROTOCOL §2: matched by the operation in flight and its attempt)")
struct ReusedCommandIDBMCAnswerTests {
    private static let settings = PowerController.Settings(
        powerOn: RetryPolicy(timeout: .minutes(2), attempts: 2), gracefulOffTimeout: .minutes(3),
        forcedOff: RetryPolicy(timeout: .minutes(2), attempts: 2), reboot: RetryPolicy(timeout: .minutes(10), attempts: 1))
    private static let reboot = PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot")

    @Test("a requester's command repeated after it failed is a duplicate; its run again has a new id, and the BMC's late answer to the run given up on is stale")
    func lateAnswerOfTheFailedOperation() {
        var machine = PowerController(settings: Self.settings)
        machine.drive([.registered(), .configurationDone])
        #expect(machine.accept(.command(Self.reboot)) == [.bmc(BMCRequest(action: .reboot, requestID: "update/update-1-reboot", sequence: 1))])
        // The BMC does not answer in time (the reboot's budget is used: the command waits for that answer, PROTOCOL §4),
        // then answers failed: the orchestrator is told the command failed.
        #expect(machine.accept(.tick, at: t0 + .minutes(10)) == [] && machine.phase == .awaitingLateAnswer)
        let failed = machine.accept(.bmcFailed(requestID: "update/update-1-reboot", sequence: 1, reason: "busy"), at: t0 + .minutes(10)) ?? []
        #expect(failed.contains { if case .operationFailed = $0 { true } else { false } })
        // A copy of the command (its requester's timeout, the failure on its way) does not run it again: an id runs once,
        // so the failure on its way answers the only run (RetriedRebootLateFailureTests).
        #expect(machine.reject(.command(Self.reboot), at: t0 + .minutes(11)) == .duplicate("power request update-1-reboot (already failed)"))
        // The orchestrator runs its reboot again with a new id (UpdateOrchestrator.request(for: .reboot)).
        let again = PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot-2")
        let second = machine.accept(.command(again), at: t0 + .minutes(11)) ?? []
        #expect(second == [.bmc(BMCRequest(action: .reboot, requestID: "update/update-1-reboot-2", sequence: 1))], "\(second)")
        // A copy of the BMC's answer to the first request (update-1-reboot#1, a producer's retry) must not count for the second.
        _ = machine.reject(.bmcSucceeded(requestID: "update/update-1-reboot", sequence: 1), at: t0 + .minutes(12))
        #expect(machine.operation?.request == again)
    }
}
