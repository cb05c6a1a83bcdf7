import Testing

@testable import Lifecycle

/// An operator retry starts a new cycle id, but it does not take back the failed cycle's install request:
/// one never reported started may still wait in `operator.requests` for an updater that lags. The retry
/// forgot it, so when the retried cycle failed before it asked for (or heard of) an install of its own,
/// it gave the lease back and the updater started the old request later under no lease (hostile
/// simulation: everything 7042, install update-1-update-3 with the scheduler Idle).
@Suite("An install request never reported started is remembered across an operator retry")
struct InstallRequestUnreadAcrossRetryTests {
    static let settings = Orchestrator.Settings(
        update: RetryPolicy(timeout: .minutes(10), attempts: 1), serverReady: RetryPolicy(timeout: .minutes(60), attempts: 1))

    /// Cycle update-1 asks for update-1-update-1, which times out unread; the server goes offline; a person retries.
    static func failedAndRetried() -> Orchestrator {
        var orchestrator = Orchestrator(settings: settings, server: .ready)
        orchestrator.drive([.updateAvailable], at: t0)
        _ = orchestrator.accept(.leaseGranted(requestID: "update-1-lease"), at: t0)
        orchestrator.drive([.tick], at: t0 + .minutes(10))
        #expect(orchestrator.updateState == .failed && orchestrator.lease == .held)
        orchestrator.drive([change(.ready, .shutDown, .shutdown)], at: t0 + .minutes(20))
        #expect(orchestrator.lease == .held, "offline does not end an install request never reported started")
        orchestrator.drive([.retry], at: t0 + .minutes(25))
        return orchestrator
    }

    @Test("the retried cycle fails waiting for the server: the lease stays for the old request")
    func retriedCycleFailsKeepsLease() {
        var orchestrator = Self.failedAndRetried()
        let outputs = orchestrator.drive([.tick], at: t0 + .minutes(90))
        #expect(orchestrator.updateState == .failed)
        #expect(!outputs.contains(.releaseLease(requestID: "update-1-lease")), "update-1-update-1 may still start")
        #expect(orchestrator.lease == .held)
    }

    @Test("the retried cycle's own install reported started: the old request was read before it, the lease goes back with the cycle")
    func laterStartEndsTheOldRequest() {
        var orchestrator = Self.failedAndRetried()
        orchestrator.drive([change(.shutDown, .ready, .online)], at: t0 + .minutes(30))
        let cycle = orchestrator.cycleID
        #expect(orchestrator.installRequestID == "\(cycle)-update-1")
        orchestrator.drive([.serverStatus(StatusChange(from: .ready, to: .updating, trigger: .updateStarted, cycleID: cycle, requestID: "\(cycle)-update-1"))],
                           at: t0 + .minutes(31))
        let outputs = orchestrator.drive([.updateFailed(cycleID: cycle, reason: "disk full", requestID: "\(cycle)-update-1")], at: t0 + .minutes(32))
        #expect(orchestrator.updateState == .failed)
        // Still updating in the view (the status change of the failure comes on another topic): wait for it.
        let back = outputs + orchestrator.drive([.serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, updateFailed: true, cycleID: cycle, requestID: "\(cycle)-update-1"))],
                                                at: t0 + .minutes(33))
        #expect(back.contains(.releaseLease(requestID: "update-1-lease")))
    }
}
