import Testing

@testable import Lifecycle

/// An install attempt times out and is asked again; the OS updater's late `update.failed` for
/// the attempt given up on then arrives.
///
/// Scenario: cycle update-1 holds the lease and asks for the install (`update-1-update-1`). The
/// install takes longer than `update.timeout` (60 min): the orchestrator asks again
/// (`update-1-update-2`, the last attempt of two). A minute later the OS updater reports that
/// the first attempt failed; the report echoes `cycleId: update-1` (all it can echo).
///
/// Why it is a defect: the orchestrator takes that report as the answer to the second attempt.
/// It fails the cycle ("attempt 2 of 2") one minute after asking for the second install, and
/// gives the disruption lease back at once, while the second install may just be starting:
/// the scheduler may then power the server off for a queued maintenance in the middle of it.
///
/// - PROTOCOL §1: the orchestrator releases the lease "only once nothing of the cycle can still
///   disrupt the server: … no install may still run".
/// - PROTOCOL §1 invariant 2: no maintenance power action while an install runs on the server.
/// - PROTOCOL §2: "An answer that names a request other than the one outstanding (late,
///   duplicated, or of an attempt given up on) … changes nothing; the step keeps waiting for
///   its own answer". The install's reports are matched by `cycleId` only, so the answer of an
///   attempt given up on cannot be told from the answer of the attempt outstanding.
@Suite("A late report of a timed-out install attempt does not end the retried attempt (PROTOCOL §1, §2)")
struct TimedOutInstallLateReportTests {
    private static let settings = Orchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 2))

    /// Cycle update-1 under the lease: the first install timed out without a report, the second is asked for.
    private static func secondAttemptAsked() -> Orchestrator {
        var machine = Orchestrator(settings: settings, server: .ready)
        machine.drive(Array(installSteps.prefix(2)).map(\.input))
        #expect(machine.accept(.tick, at: t0 + .minutes(60)) == [.triggerUpdate(requestID: "update-1-update-2", cycleID: "update-1")])
        #expect(machine.lease == .held && machine.wait?.step == .update && machine.installAttempts == 2)
        return machine
    }

    @Test("the lease is kept while the install asked for a minute ago may run")
    func leaseKeptWhileRetriedInstallMayRun() {
        var machine = Self.secondAttemptAsked()
        // The OS updater's report of the first attempt, late.
        let outputs = machine.handle(.updateFailed(cycleID: "update-1", reason: "attempt 1: disk full"), at: t0 + .minutes(61))
        if case let .success(outputs) = outputs {
            #expect(!outputs.contains(.releaseLease(requestID: "update-1-lease")),
                    "the lease is given back a minute after the install update-1-update-2 was asked for: \(outputs)")
        }
        #expect(machine.lease == .held)
    }

    @Test("the retried attempt keeps waiting for its own outcome")
    func retriedAttemptStillWaited() {
        var machine = Self.secondAttemptAsked()
        _ = machine.handle(.updateFailed(cycleID: "update-1", reason: "attempt 1: disk full"), at: t0 + .minutes(61))
        #expect(machine.updateState != .failed, "failed by the first attempt's report: \(String(describing: machine.failure))")
        #expect(machine.wait?.step == .update)
    }
}
