import Testing

@testable import Lifecycle

@Suite("A BMC answer belongs to one power operation (PROTOCOL §2: matched by the operation in flight and its attempt)")
struct ReusedCommandIDBMCAnswerTests {
    private static let settings = PowerController.Settings(
        powerOn: RetryPolicy(timeout: .minutes(2), attempts: 2), gracefulOffTimeout: .minutes(3),
        forcedOff: RetryPolicy(timeout: .minutes(2), attempts: 2), reboot: RetryPolicy(timeout: .minutes(10), attempts: 1))
    private static let reboot = PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot")

    @Test("a requester's retry after a failure keeps its id; the BMC's late answer to the operation given up on is stale")
    func lateAnswerOfTheFailedOperation() {
        var machine = PowerController(settings: Self.settings)
        machine.drive([.registered, .configurationDone])
        #expect(machine.accept(.command(Self.reboot)) == [.bmc(BMCRequest(action: .reboot, requestID: "update/update-1-reboot", sequence: 1))])
        // The BMC does not answer: the reboot's budget is used and the orchestrator is told it failed.
        let failed = machine.accept(.tick, at: t0 + .minutes(10)) ?? []
        #expect(failed.contains { if case .operationFailed = $0 { true } else { false } })
        // The orchestrator retries its reboot with the same id (UpdateOrchestrator.request(for: .reboot)).
        let second = machine.accept(.command(Self.reboot), at: t0 + .minutes(11)) ?? []
        // The new BMC request must be told apart from the first one: the same requestId and the
        // same sequence make it the same request to an adapter, and its answers the same answers.
        #expect(second != [.bmc(BMCRequest(action: .reboot, requestID: "update/update-1-reboot", sequence: 1))], "the retry's BMC request repeats the first: \(second)")
        // The BMC's late answer to the first request (update-1-reboot#1) must not count for the second.
        _ = machine.reject(.bmcSucceeded(requestID: "update/update-1-reboot", sequence: 1), at: t0 + .minutes(12))
    }
}
