import Testing

@testable import Lifecycle

/// After install attempt 1 timed out and attempt 2 reports failed, the cycle fails and gives its lease
/// back (InstallAttemptReportTests.namedAttempt), though attempt 1 "may still run". Kept, and why
/// (PROTOCOL §2, "An OS updater runs one install at a time"): the updater reports the start of every
/// install it runs. An attempt 1 that never reported a start in its whole timeout is taken as not
/// running; one whose start the status view shows, and not its end, keeps the lease: attempt 2's
/// failure may be the updater refusing a second install while the first runs, so the failure alone
/// does not say attempt 1 ended. The view's end of attempt 1 (or the server going offline) gives the
/// lease back.
@Suite("Attempt 2's failure gives the lease back unless the status view shows attempt 1 running (PROTOCOL §1, §2)")
struct InstallAttemptSerialisedReportTests {
    private static let settings = Orchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 2))

    @Test("attempt 1 never reported a start: attempt 2's failure fails the cycle and the lease goes back")
    func attemptOneNeverStarted() {
        var machine = Orchestrator(settings: Self.settings, server: .ready)
        machine.drive(Array(installSteps.prefix(2)).map(\.input))
        machine.drive([.tick], at: t0 + .minutes(60))
        let outputs = machine.drive([.updateFailed(cycleID: "update-1", reason: "disk", requestID: "update-1-update-2")], at: t0 + .minutes(61))
        #expect(machine.updateState == .failed && outputs.contains(.releaseLease(requestID: "update-1-lease")))
    }

    @Test("attempt 1 shows running: attempt 2's failure fails the cycle, the lease stays until the view shows attempt 1 ended")
    func attemptOneShowsRunning() {
        var machine = Orchestrator(settings: Self.settings, server: .ready)
        machine.drive(Array(installSteps.prefix(2)).map(\.input))
        machine.drive([.serverStatus(StatusChange(from: .ready, to: .updating, trigger: .updateStarted, cycleID: "update-1",
                                                  requestID: "update-1-update-1"))])
        machine.drive([.tick], at: t0 + .minutes(60))
        let failed = machine.drive([.updateFailed(cycleID: "update-1", reason: "another install runs", requestID: "update-1-update-2")],
                                   at: t0 + .minutes(61))
        #expect(machine.updateState == .failed && machine.lease == .held && !failed.contains(.releaseLease(requestID: "update-1-lease")))
        let ended = machine.drive([.serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: false,
                                                              cycleID: "update-1", requestID: "update-1-update-1"))], at: t0 + .minutes(80))
        #expect(ended.contains(.releaseLease(requestID: "update-1-lease")) && machine.lease == .none, "\(ended)")
    }
}
