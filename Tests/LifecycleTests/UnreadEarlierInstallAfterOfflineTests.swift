import Testing

@testable import Lifecycle

/// The server going offline ends an install that runs, and with it the earlier attempts given up on, so
/// reports naming no request were taken as the latest attempt's (`earlierInstallMayRun` cleared). It does
/// not end an install *request* never read: when the latest request was not reported started, an earlier
/// one may still wait in `operator.requests` too, and its late, unnamed report was taken for the latest
/// attempt's, ending the failed cycle's wait and giving the lease back while the latest request could still
/// start (hostile simulation: everything 7095, update-5-update-1's report taken for update-5-update-2).
@Suite("Offline does not make unnamed reports the latest attempt's while its request was never read")
struct UnreadEarlierInstallAfterOfflineTests {
    @Test("two attempts, neither reported started, server offline: a later unnamed report is not attributed")
    func unnamedReportAfterOfflineNotAttributed() {
        var orchestrator = Orchestrator(
            settings: Orchestrator.Settings(update: RetryPolicy(timeout: .minutes(10), attempts: 2), serverReady: RetryPolicy(timeout: .minutes(60), attempts: 1)),
            server: .ready)
        orchestrator.drive([.updateAvailable], at: t0)
        _ = orchestrator.accept(.leaseGranted(requestID: "update-1-lease"), at: t0)
        let second = orchestrator.drive([.tick], at: t0 + .minutes(10))
        #expect(second.contains(.triggerUpdate(requestID: "update-1-update-2", cycleID: "update-1")))
        orchestrator.drive([change(.ready, .shutDown, .shutdown)], at: t0 + .minutes(15))
        orchestrator.drive([.tick], at: t0 + .minutes(80))
        #expect(orchestrator.updateState == .failed && orchestrator.lease == .held)
        orchestrator.drive([change(.shutDown, .ready, .online)], at: t0 + .minutes(90))
        // The updater (not echoing requestId) reads update-1-update-1 at last: its reports name the cycle only.
        var outputs = orchestrator.drive([change(.ready, .updating, .updateStarted, cycle: "update-1")], at: t0 + .minutes(91))
        outputs += orchestrator.drive([change(.updating, .ready, .updateFinished, updateFailed: true, cycle: "update-1")], at: t0 + .minutes(92))
        #expect(!outputs.contains(.releaseLease(requestID: "update-1-lease")), "update-1-update-2 may still start")
        #expect(orchestrator.lease == .held)
    }
}
