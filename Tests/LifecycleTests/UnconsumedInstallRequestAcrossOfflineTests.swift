import Testing

@testable import Lifecycle

/// The orchestrator took the server going offline as the end of every earlier install attempt, so
/// that reports naming no request (an OS updater that does not echo `requestId`) counted again for
/// the attempt asked for once the server was back. That holds for an attempt whose install ran; it
/// does not hold for an install *request* the updater has not consumed: it sits in
/// `operator.requests` across the reboot, and a lagging updater starts it once the server is back
/// (PROTOCOL §1, `InstallRequestConsumedAfterRebootTests`). Its unnamed reports were then taken for
/// the latest attempt: its failure freed the failed cycle's lease (the latest attempt's request
/// possibly still queued), and its finish would end the step as the latest attempt's. The hostile
/// simulation found it (away seed 2052: attempt 2 asked, the server shut down and came back,
/// attempt 3 asked; the updater then ran attempt 2 and its unnamed failure gave the lease back).
///
/// What should happen (PROTOCOL §2: "A report naming no request counts for the cycle only while the
/// cycle asked for one install" that can report): the server going offline ends the earlier
/// attempts only when the latest one was reported started (the updater consumes the requests in
/// order, so it consumed them all); otherwise the latest request may still be consumed, and once
/// the next attempt is asked for it is an earlier one that may report.
@Suite("An install request not known consumed survives the server going offline for attributing reports (PROTOCOL §2, §4)")
struct UnconsumedInstallRequestAcrossOfflineTests {
    private static let settings = Orchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 3))

    /// Attempt 2 asked (attempt 1 timed out), never reported started; the server shuts down and
    /// comes back; attempt 3 asked.
    private static func thirdAttemptAfterOffline() -> Orchestrator {
        var machine = Orchestrator(settings: settings, server: .ready)
        machine.drive([.updateAvailable, .leaseGranted(requestID: "update-1-lease")], at: t0)
        machine.drive([.tick], at: t0 + .minutes(60))
        #expect(machine.installRequestID == "update-1-update-2")
        machine.drive([change(.ready, .shutDown, .shutdown)], at: t0 + .minutes(70))
        let asked = machine.drive([change(.shutDown, .ready, .online)], at: t0 + .minutes(75))
        #expect(asked == [.triggerUpdate(requestID: "update-1-update-3", cycleID: "update-1")], "\(asked)")
        return machine
    }

    @Test("the lagging updater runs attempt 2 after the server came back: its unnamed finish is not taken for attempt 3")
    func unnamedFinishNotTaken() {
        var machine = Self.thirdAttemptAfterOffline()
        machine.drive([
            change(.ready, .updating, .updateStarted, cycle: "update-1"),
            change(.updating, .ready, .updateFinished, requiresReboot: false, cycle: "update-1"),
        ], at: t0 + .minutes(80))
        // The bug: attempt 2's finish ended attempt 3's step; attempt 3's request may still start an install.
        #expect(machine.updateAvailable && machine.wait?.step == .update && machine.wait?.attempt == 3,
            "\(machine.updateState), wait \(String(describing: machine.wait))")
    }

    @Test("a failed cycle keeping its lease for attempt 3 does not give it back on attempt 2's unnamed failure")
    func unnamedFailureKeepsLease() {
        var machine = Self.thirdAttemptAfterOffline()
        machine.drive([.tick], at: t0 + .minutes(135))
        #expect(machine.updateState == .failed && machine.lease == .held)
        let outputs = machine.drive([
            change(.ready, .updating, .updateStarted, cycle: "update-1"),
            change(.updating, .ready, .updateFinished, updateFailed: true, cycle: "update-1"),
        ], at: t0 + .minutes(140))
        // The bug: the lease went back while update-1-update-3 may still wait for the updater.
        #expect(!outputs.contains(.releaseLease(requestID: "update-1-lease")) && machine.lease == .held, "\(outputs)")
    }
}
