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
/// The fix (PROTOCOL §1, §4): the power controller runs a command id once, also one that failed (a
/// copy of it is a `duplicate`), and the orchestrator runs its reboot again after a failure with a new
/// id (`update-N-reboot-A`), so each answer names one run.
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
        power.drive([.registered(), .configurationDone, .powerObserved(.on)])
        var orchestrator = Orchestrator(settings: Self.update, server: .ready)
        orchestrator.drive(installSteps.map(\.input))
        let asked = orchestrator.accept(.serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: true,
                                                                   cycleID: "update-1", requestID: "update-1-update-1")), at: t0) ?? []
        let reboot = PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot")
        #expect(asked.contains(.power(reboot)))

        // The power controller runs it; the BMC answers no attempt in time, and the last one failed, late: the command fails.
        _ = power.accept(.command(reboot), at: t0)
        let failure = power.runOutOfTime(from: t0, lateFailure: "no power").outputs.filter { if case .operationFailed = $0 { true } else { false } }
        #expect(failure == [.operationFailed(reboot, reason: "reboot failed after 2 attempt(s): the last timed out, then the BMC answered failed: no power")])

        // That failure is on its way when the orchestrator's reboot step times out: its second attempt sends the
        // command again, with its id (it is unanswered: the same command, not a new run).
        let retried = orchestrator.accept(.tick, at: t0 + .minutes(30) + .seconds(1)) ?? []
        #expect(retried.contains(.power(reboot)), "\(retried)")
        // The power controller runs a command id once: the copy of the failed command is a duplicate, not a second run.
        // (Before, a command repeated after it failed ran again, and the first run's failure answered the second.)
        #expect(power.reject(.command(reboot), at: t0 + .minutes(31)) == .duplicate("power request update-1-reboot (already failed)"))
        #expect(power.operation == nil)

        // Now the first run's failure arrives: it answers the only run there was.
        _ = orchestrator.handle(.powerFailed(requestID: reboot.id, reason: "reboot failed after 2 attempt(s)"), at: t0 + .minutes(32))
        #expect(!(orchestrator.lease == .none && power.operation != nil),
                "lease given back while the power controller still reboots the server (\(power.operation.map { "\($0.request.id) \($0.wait.step)" } ?? ""))")
        #expect(orchestrator.updateState == .failed && orchestrator.powerRequestID == nil && orchestrator.lease == .none)
    }

    @Test("a reboot run again after its failure is a command of its own: a late copy of the first run's failure is stale for it")
    func nextRunHasItsOwnID() {
        var orchestrator = Orchestrator(settings: Orchestrator.Settings(reboot: RetryPolicy(timeout: .minutes(30), attempts: 3)), server: .ready)
        orchestrator.drive(installSteps.map(\.input))
        _ = orchestrator.accept(.serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: true,
                                                           cycleID: "update-1", requestID: "update-1-update-1")), at: t0)
        let first = PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot")
        #expect(orchestrator.powerRequestID == first.id)
        // Its step times out (the command is sent again, the same command), then the failure comes.
        #expect((orchestrator.accept(.tick, at: t0 + .minutes(30)) ?? []).contains(.power(first)))
        let next = orchestrator.accept(.powerFailed(requestID: first.id, reason: "BMC"), at: t0 + .minutes(31)) ?? []
        let second = PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot-3")
        #expect(next.contains(.power(second)), "\(next)")
        // A copy of the first run's failure (a producer retry) is stale: the second run's command stays outstanding.
        guard case .failure(.stale) = orchestrator.handle(.powerFailed(requestID: first.id, reason: "BMC"), at: t0 + .minutes(33)) else {
            Issue.record("the first run's failure was taken for the second's")
            return
        }
        #expect(orchestrator.powerRequestID == second.id && orchestrator.lease == .held)
    }
}
