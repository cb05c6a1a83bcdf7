import Testing

@testable import Lifecycle

/// PROTOCOL §1: a failed cycle whose last install request was never reported started keeps the lease
/// until a report of that install or an operator retry, since the request may still wait in
/// `operator.requests` for an updater that lags. The cycle kept it when it failed at the install's
/// timeout or when the install was interrupted once too often, but not when the server went offline
/// during the install (the install step then waits for the server to be ready) and that wait ran out:
/// the failure at `serverReady` gave the lease back while the request was still unread, and the
/// updater started it later with the scheduler Idle (hostile simulation: away 2150, everything 7042).
@Suite("A cycle that fails waiting for the server after an unstarted install request keeps the lease")
struct InstallRequestUnstartedServerReadyTimeoutTests {
    static let settings = Orchestrator.Settings(
        update: RetryPolicy(timeout: .minutes(60), attempts: 3), serverReady: RetryPolicy(timeout: .minutes(60), attempts: 1))

    @Test("install asked, never reported started, server offline, its wait runs out: the lease stays until a report of it")
    func serverReadyTimeoutKeepsLease() {
        var orchestrator = Orchestrator(settings: Self.settings, server: .ready)
        orchestrator.drive([.updateAvailable], at: t0)
        let install = orchestrator.accept(.leaseGranted(requestID: "update-1-lease"), at: t0) ?? []
        #expect(install == [.triggerUpdate(requestID: "update-1-update-1", cycleID: "update-1")])
        // The server goes offline before the updater read the request; it does not come back in time.
        var outputs = orchestrator.drive([change(.ready, .shutDown, .shutdown)], at: t0 + .minutes(5))
        outputs += orchestrator.drive([.tick], at: t0 + .minutes(70))
        #expect(orchestrator.updateState == .failed)
        #expect(!outputs.contains(.releaseLease(requestID: "update-1-lease")), "the lease went back while update-1-update-1 may still start")
        #expect(orchestrator.lease == .held)
        // The server is back and the updater reads the request: its start and end are the install's reports.
        outputs = orchestrator.drive([change(.shutDown, .ready, .online)], at: t0 + .minutes(80))
        #expect(!outputs.contains(.releaseLease(requestID: "update-1-lease")))
        outputs = orchestrator.drive([.serverStatus(StatusChange(from: .ready, to: .updating, trigger: .updateStarted, cycleID: "update-1", requestID: "update-1-update-1"))], at: t0 + .minutes(81))
        outputs += orchestrator.drive([.serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: false, cycleID: "update-1", requestID: "update-1-update-1"))], at: t0 + .minutes(82))
        #expect(outputs.contains(.releaseLease(requestID: "update-1-lease")), "the install's end lets the failed cycle give its lease back")
    }

    @Test("a failure report of the install asked for last ends it: the failed cycle gives its lease back")
    func failureReportEndsInstall() {
        var orchestrator = Orchestrator(settings: Orchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 1)), server: .ready)
        orchestrator.drive([.updateAvailable], at: t0)
        _ = orchestrator.accept(.leaseGranted(requestID: "update-1-lease"), at: t0)
        let outputs = orchestrator.drive([.updateFailed(cycleID: "update-1", reason: "disk full", requestID: "update-1-update-1")], at: t0 + .minutes(5))
        #expect(orchestrator.updateState == .failed)
        #expect(outputs.contains(.releaseLease(requestID: "update-1-lease")))
    }
}
