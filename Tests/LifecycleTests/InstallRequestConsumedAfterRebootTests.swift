import Testing

@testable import Lifecycle

/// PROTOCOL §1 and §4 let a failed cycle whose install timed out give its lease back once the
/// server goes offline, "which ends any install". That holds for an install that *runs*; it does
/// not hold for an install *request* the OS updater has not consumed yet. `update.install.requested`
/// sits in `operator.requests` (Kafka keeps it across the server's reboot); an updater that lagged
/// (its agent was down, its consumer behind) reads it once the server is back, and starts the
/// install. By then the orchestrator has given the lease back and the scheduler may have started a
/// maintenance: the install runs with no lease, and the maintenance may power the server off in the
/// middle of it. The hostile simulation found it (`serversGoAway`, seed 2042: update-1-update-3 was
/// never reported started, the cycle failed on its timeout keeping the lease, the server lost power
/// and came back, the lease went back, hours later the updater started update-1-update-3 while the
/// scheduler was Idle; seeds 2052, 2065, 2077, 2150, 2161, 2190 likewise).
///
/// What should happen (invariant 1: "Every install ... starts while the scheduler's state shows that
/// member's lease granted to the orchestrator's current request"): an install asked for must not be
/// able to start once the lease is given back. Either the lease is kept until the request is known
/// consumed (a start report of that attempt, then the reboot ends it), or the request carries an
/// expiry the updater honours (PROTOCOL §2's table would list it). Note: this conflicts with
/// `TimedOutInstallServerWentAwayTests`, whose install is never reported started either: "offline
/// ends any install" is only true of installs whose start was seen.
@Suite("An install request still queued for the updater survives the server's reboot (invariant 1)")
struct InstallRequestConsumedAfterRebootTests {
    @Test("an install asked for, never reported started: after the server's reboot the lease is back, and the updater starts the install under no lease")
    func queuedRequestStartsAfterReboot() {
        var orchestrator = Orchestrator(settings: Orchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 1)), server: .ready)
        var scheduler = Scheduler(power: .on)
        let asked = orchestrator.drive([.updateAvailable], at: t0)
        #expect(asked.contains(.requestLease(requestID: "update-1-lease")))
        let granted = scheduler.accept(.leaseRequested(requestID: "update-1-lease"), at: t0) ?? []
        #expect(granted == [.leaseGranted(requestID: "update-1-lease")])
        let install = orchestrator.accept(.leaseGranted(requestID: "update-1-lease"), at: t0) ?? []
        #expect(install == [.triggerUpdate(requestID: "update-1-update-1", cycleID: "update-1")])
        // The updater is behind: no report. The install times out; the cycle fails keeping the lease.
        orchestrator.drive([.tick], at: t0 + .minutes(60))
        #expect(orchestrator.updateState == .failed && orchestrator.lease == .held)
        // The server loses power and comes back (or reboots): the orchestrator gives the lease back.
        var outputs = orchestrator.drive([change(.ready, .shutDown, .shutdown)], at: t0 + .minutes(90))
        outputs += orchestrator.drive([change(.shutDown, .ready, .online)], at: t0 + .minutes(95))
        for case let .releaseLease(requestID) in outputs { _ = scheduler.accept(.leaseReleased(requestID: requestID), at: t0 + .minutes(96)) }

        // The updater's agent is up again and reads update-1-update-1 from operator.requests: the install starts now.
        // Invariant 1 at that moment: the scheduler must show the lease granted to the orchestrator's current request.
        #expect(scheduler.phase == .leased && scheduler.leaseRequestID == orchestrator.leaseRequestID,
                "install update-1-update-1 starts while the scheduler is \(scheduler.phase.label) (lease \(scheduler.leaseRequestID ?? "none"))")
    }
}
