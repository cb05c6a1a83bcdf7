import Testing

@testable import Lifecycle

/// A cycle failed because its install timed out without a report keeps the disruption lease
/// (`installMayRun`) — also after the server went offline and came back, when by the protocol's
/// own rule no report of that install can come any more.
///
/// Scenario: cycle update-1 holds the lease and asks for the install; no report comes and the
/// last attempt times out: Failed, `installMayRun`, lease kept (right: the install may run).
/// The server then reboots (an operator's reboot, a crash) and is Ready again. The lease is
/// still held, and stays held until an operator retries: the scheduler starts no maintenance
/// meanwhile (the lease has no deadline, PROTOCOL §1), so every queued maintenance waits for
/// a person.
///
/// Why it is a defect: PROTOCOL §4, "No wait depends on a report that a known event has made
/// impossible", and its first case: "The OS updater reports from the server itself, so once the
/// power controller reports the server offline (rebooting, shut down, unresponsive) during an
/// install, the orchestrator stops waiting for the install's report". The failed cycle waits
/// for exactly that report (`releaseGrantsOfFailedCycle` keeps the lease while `installMayRun`)
/// after the server went offline. (A failed cycle kept only because the server still reported
/// its install as running, `server == .updating`, is released by the same reboot; one kept by
/// `installMayRun` is not.)
@Suite("A timed-out install's lease is given back once the server went offline (PROTOCOL §4)")
struct TimedOutInstallServerWentAwayTests {
    @Test("the failed cycle gives the lease back after the server rebooted, without waiting for an operator")
    func leaseReleasedAfterReboot() {
        var machine = Orchestrator(settings: Orchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 1)), server: .ready)
        // The install was reported started (the updater consumed its request): offline ends it. One never reported
        // started may still be queued for the updater, and keeps the lease (InstallRequestConsumedAfterRebootTests).
        machine.drive(installSteps.map(\.input))
        machine.drive([.tick], at: t0 + .minutes(60))
        #expect(machine.updateState == .failed && machine.failure?.installMayRun == true && machine.lease == .held)
        // The server goes away and comes back: the install that may have run cannot report any more.
        var outputs = machine.drive([change(.updating, .rebooting, .reboot)], at: t0 + .minutes(61))
        outputs += machine.drive([change(.rebooting, .ready, .online)], at: t0 + .minutes(65))
        #expect(outputs.contains(.releaseLease(requestID: "update-1-lease")), "lease kept after the server rebooted: \(outputs)")
        #expect(machine.lease == .none)
    }
}
