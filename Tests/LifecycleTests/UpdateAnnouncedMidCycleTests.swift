import Testing

@testable import Lifecycle

/// An OS update announced while the previous one is still being rolled out (its reboot pending
/// or running) is rejected and forgotten: the server ends the cycle "Up to date" with an update
/// on offer that nobody installs.
///
/// Scenario: a standalone server's update (cycle update-1) is applied and needs a reboot
/// (Reboot pending, reboot asked for). The OS update adapter announces the next update
/// (`update.available`, version 2026.11.3). The orchestrator rejects it (`updateAvailable does not
/// apply in state Reboot pending`; the table has `update available` only from Up to date). The
/// reboot completes and the server is reported Up to date, the lease given back; the announced
/// update is never installed. The same holds in every state of a cycle past the install
/// (Evacuation pending … Restoring) and in Failed.
///
/// Why it is a defect: seed (server-status-and-update-state): `UpdateReady --> UpdatePending:
/// update available` — "Up to date" means no update is available. The announcement is the only
/// report of the new update (EVENTS.md, `update.available`: "An OS update is available for the
/// server"); nothing in the protocol asks the adapter to announce it again, so the rejection
/// loses a fact rather than a late answer (PROTOCOL §2 rejects answers to requests, not facts).
@Suite("An update announced during a cycle's reboot is installed after it, not lost (seed: update available)")
struct UpdateAnnouncedMidCycleTests {
    @Test("the cycle ends with the announced update pending, not Up to date")
    func announcedDuringReboot() {
        var machine = Orchestrator(server: .ready)
        machine.drive(installSteps.map(\.input))
        machine.drive([change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1")])
        #expect(machine.updateState == .rebootPending && machine.powerRequestID == "update-1-reboot")
        // The next update is announced while the reboot is pending.
        _ = machine.handle(.updateAvailable, at: t0 + .minutes(1))
        machine.drive([change(.ready, .rebooting, .reboot), change(.rebooting, .ready, .online), .powerCompleted(requestID: "update-1-reboot")],
                      at: t0 + .minutes(5))
        #expect(machine.updateState != .upToDate, "Up to date with the announced update never installed")
        #expect(machine.updateAvailable)
    }
}
