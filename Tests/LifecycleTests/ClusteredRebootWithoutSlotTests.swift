import Testing

@testable import Lifecycle

/// A clustered member's update reboot asked for with the lease alone, without a rollout slot.
///
/// Scenario: member of c1, its install applied and needing a reboot (Evacuation pending). The
/// slot does not come within its budget: the cycle fails and gives the lease and the slot
/// request back. The operator retries: the orchestrator asks for the lease again
/// (`update-2-lease`). While it waits, the server reboots on its own (an operator's reboot, a
/// crash): Rebooting. The lease is granted there (the table allows it) and `advance`, in
/// Rebooting, only waits for the reboot: it never asks c1's rollout for a slot. The server does
/// not come back within `reboot.timeout`, and the retry of the reboot step sends a BMC reboot
/// (`update-2-reboot`) of the c1 member holding no slot (and not evacuated).
///
/// Why it is a defect: PROTOCOL §1's table: "evacuation, the reboot, restore (clustered
/// member) | update orchestrator | the lease and a rollout slot of its cluster"; invariant 3:
/// "At most `maxUnavailable` members of a cluster are disrupted by their updates at once" —
/// the rollout does not count this member, so another member may hold the only slot and be
/// rebooting at the same time.
@Suite("A clustered member's update reboot is asked for only under a slot of its cluster (PROTOCOL §1, invariant 3)")
struct ClusteredRebootWithoutSlotTests {
    private static let settings = Orchestrator.Settings(
        slot: RetryPolicy(timeout: .hours(1), attempts: 1), reboot: RetryPolicy(timeout: .minutes(30), attempts: 2))

    @Test("after a retry, a lease granted while the member reboots on its own does not lead to a reboot without a slot")
    func noRebootWithoutSlot() {
        var machine = Orchestrator(settings: Self.settings, clusterID: "c1", server: .ready)
        machine.drive(installSteps.map(\.input))
        machine.drive([change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1")])
        #expect(machine.updateState == .evacuationPending && machine.slot == .requested)
        // No slot within the budget: the cycle fails and gives everything back.
        machine.drive([.tick], at: t0 + .hours(1))
        #expect(machine.updateState == .failed && machine.lease == .none && machine.slot == .none)
        // The operator retries: the lease is asked for again.
        #expect(machine.accept(.retry, at: t0 + .hours(2)) == [
            moved(.failed, .evacuationPending), .requestLease(requestID: "update-2-lease"),
        ])
        // The server reboots on its own while the lease is awaited, then the lease comes.
        machine.drive([change(.ready, .rebooting, .reboot)], at: t0 + .hours(2) + .minutes(1))
        var outputs = machine.drive([.leaseGranted(requestID: "update-2-lease")], at: t0 + .hours(2) + .minutes(2))
        // The server stays offline: the orchestrator's waits run out.
        var now = t0 + .hours(2) + .minutes(2)
        for _ in 0..<4 {
            guard let deadline = machine.wait?.deadline else { break }
            now = max(now, deadline)
            let ticked = machine.accept(.tick, at: now) ?? []
            outputs += ticked
            for case let .power(request) in ticked where machine.slot != .held {
                Issue.record("update reboot \(request.id) of the c1 member with slot \(machine.slot) at \(now): \(outputs)")
            }
        }
    }
}
