import Testing

@testable import Lifecycle

/// The orchestrator's reboot step keeps one command id across its attempts (`update-N-reboot`), and
/// the power controller runs a command again when it is repeated after it *failed* (its BMC sequence
/// continues). So the answers of two runs of the same id cannot be told apart: when the power
/// controller's `power.command.failed` for the first run is on its way while the orchestrator's
/// reboot step times out and sends the command again, the power controller starts a second run, and
/// the late failure of the first is then taken for the answer of the second. With the defaults this
/// is a race of equals: the orchestrator's reboot timeout is 30 minutes, the power controller's
/// reboot budget 2 × 15.
///
/// The orchestrator then believes no power command is outstanding (`powerRequestID` nil): on its
/// last attempt it fails the cycle and gives the lease back at once (here), or a cycle that goes on
/// ends Up to date and gives the lease back, while the power controller still carries out the
/// retried reboot: the BMC reboots the server under no lease, maybe under a maintenance. The hostile
/// simulation found both (baseline seeds 92 and 13: a reboot BMC request carried out while the
/// scheduler is Idle).
///
/// What should happen (PROTOCOL §1: the lease goes back "only once nothing of the cycle can still
/// disrupt the server: no power command of the cycle is unanswered (a reboot the power controller
/// still carries out, or retries, is a disruption)"; §2: an answer "of an attempt already given up
/// on" is `stale`): the failure of the first run does not answer the second; the lease is kept until
/// the power controller answers the run it is carrying out.
@Suite("A late power.command.failed of a reboot's first run does not answer its retried run (PROTOCOL §1, §2)")
struct RetriedRebootLateFailureTests {
    private static let update = Orchestrator.Settings(reboot: RetryPolicy(timeout: .minutes(30), attempts: 2))
    private static let power = PowerController.Settings(reboot: RetryPolicy(timeout: .minutes(15), attempts: 2))

    @Test("the reboot step times out while the first run's failure is on its way; that failure does not free the lease while the retried reboot runs")
    func lateFailureOfFirstRun() {
        var power = PowerController(settings: Self.power)
        power.drive([.registered, .configurationDone, .powerObserved(.on)])
        var orchestrator = Orchestrator(settings: Self.update, server: .ready)
        orchestrator.drive(installSteps.map(\.input))
        let asked = orchestrator.accept(.serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: true,
                                                                   cycleID: "update-1", requestID: "update-1-update-1")), at: t0) ?? []
        let reboot = PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot")
        #expect(asked.contains(.power(reboot)))

        // The power controller runs it; the BMC never answers: after its budget the command fails.
        _ = power.accept(.command(reboot), at: t0)
        var failure: [PowerController.Output] = []
        var now = t0
        while power.operation != nil {
            now = power.nextDeadline ?? now
            failure += (power.accept(.tick, at: now) ?? []).filter { if case .operationFailed = $0 { true } else { false } }
        }
        #expect(failure == [.operationFailed(reboot, reason: "reboot failed after 2 attempt(s): Rebooting timed out after 900000ms")])

        // That failure is on its way when the orchestrator's reboot step times out: its second attempt sends the command again.
        let retried = orchestrator.accept(.tick, at: t0 + .minutes(30) + .seconds(1)) ?? []
        #expect(retried.contains(.power(reboot)), "\(retried)")
        // The power controller runs it again (a command repeated after it failed continues its BMC sequence).
        let running = power.accept(.command(reboot), at: t0 + .minutes(31)) ?? []
        #expect(running.contains { if case .bmc = $0 { true } else { false } } && power.operation != nil)

        // Now the first run's failure arrives.
        _ = orchestrator.handle(.powerFailed(requestID: reboot.id, reason: "reboot failed after 2 attempt(s)"), at: t0 + .minutes(32))
        // The bug: taken for the second run's answer: the cycle fails on its last attempt, powerRequestID is cleared
        // and the lease released while the power controller carries out the retried reboot.
        #expect(!(orchestrator.lease == .none && power.operation != nil),
                "lease given back while the power controller still reboots the server (\(power.operation.map { "\($0.request.id) \($0.wait.step)" } ?? ""))")
        #expect(orchestrator.powerRequestID == reboot.id, "the retried reboot is still outstanding")
    }
}
