import Testing

@testable import Lifecycle

/// An OS updater that echoes `cycleId` but not `requestId`: once install attempt 1 timed out and
/// attempt 2 was asked for, its reports cannot be attributed, so attempt 2 ends only at its timeout
/// (PROTOCOL §2). A better rule was looked for and not found (PROTOCOL §2 says why): the updater's
/// `update.failed` reaches the orchestrator directly (server.lifecycle) and its status view through
/// the power controller (server.transitions), in either order across the two topics, and both name
/// no attempt. "The first finish the view shows after attempt 2 was asked is attempt 1's" would then
/// let attempt 1's own `update.failed`, arriving after that finish, be taken for attempt 2: the cycle
/// would retry or fail (and give its lease back) while attempt 2 may run. Pinned: neither order moves
/// the cycle; the step's timeout ends it.
@Suite("Reports naming no install request are not attributed once an attempt timed out, in either order (PROTOCOL §2)")
struct UnechoedInstallRequestTests {
    private static let settings = Orchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 2))
    private static let failedView = change(.updating, .ready, .updateFinished, updateFailed: true, cycle: "update-1")
    private static let failedReport = Orchestrator.Input.updateFailed(cycleID: "update-1", reason: "disk")

    private static func secondAttemptAsked() -> Orchestrator {
        var machine = Orchestrator(settings: settings, server: .ready)
        machine.drive(installSteps.map(\.input))
        machine.drive([.tick], at: t0 + .minutes(60))
        #expect(machine.earlierInstallMayRun && machine.installRequestID == "update-1-update-2")
        return machine
    }

    @Test("the view's failed finish, then the failure report: neither moves the cycle; the timeout ends the step")
    func viewFirst() {
        var machine = Self.secondAttemptAsked()
        machine.drive([Self.failedView], at: t0 + .minutes(61))
        guard case .stale = machine.reject(Self.failedReport, at: t0 + .minutes(61)) else {
            Issue.record("an unattributed failure was taken for attempt 2")
            return
        }
        #expect(machine.wait?.step == .update && machine.wait?.attempt == 2 && machine.lease == .held)
        machine.drive([.tick], at: t0 + .minutes(120))
        #expect(machine.updateState == .failed)
    }

    @Test("the failure report, then the view: the report is stale, the view moves only the status")
    func reportFirst() {
        var machine = Self.secondAttemptAsked()
        guard case .stale = machine.reject(Self.failedReport, at: t0 + .minutes(61)) else {
            Issue.record("an unattributed failure was taken for attempt 2")
            return
        }
        machine.drive([Self.failedView], at: t0 + .minutes(61))
        #expect(machine.updateState == .updatePending && machine.wait?.attempt == 2 && machine.updateAvailable)
    }
}
