import Testing

@testable import Lifecycle

/// A failed cycle may still hold a grant request: an evacuated member keeps its lease and the slot
/// it asked of its new cluster (it is disrupted, PROTOCOL §1), and a cycle that failed while the server
/// reports an install keeps its lease request. The grant then arrives while the cycle is Failed and was
/// rejected (`notApplicable`): the rollout (or scheduler) counts it granted, the orchestrator still
/// counts it requested, and after an operator retry the cycle waits for it, without asking again,
/// until that wait times out. A grant that answers the request outstanding is taken in every state;
/// what the cycle does with it is its decision: a failed cycle keeps it while it may still disrupt the
/// server and gives it back with the lease, so no granted slot or lease leaks and the retry goes on at once.
@Suite("A grant answering the outstanding request is taken while the cycle is Failed (PROTOCOL §1, §4)")
struct GrantWhileFailedTests {
    private static let settings = Orchestrator.Settings(
        lease: RetryPolicy(timeout: .hours(6), attempts: 1), slot: RetryPolicy(timeout: .hours(6), attempts: 1),
        reboot: RetryPolicy(timeout: .minutes(30), attempts: 2))

    /// A c1 member evacuated, its reboot asked; moved to c2, the reboot timed out, its retry waits for
    /// a slot of c2 and that wait times out: Failed, still evacuated, the lease held and the c2 slot asked.
    private static func failedWaitingForSlot() -> Orchestrator {
        var machine = Orchestrator(settings: settings, clusterID: "c1", server: .ready)
        machine.drive(installSteps.map(\.input))
        machine.drive([
            change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"),
            .slotGranted(requestID: "update-1-slot", cluster: "c1"), .evacuationCompleted(requestID: "update-1-evacuation-1"),
            .clusterMembership("c2"),
        ])
        machine.drive([.tick], at: t0 + .minutes(30))
        #expect(machine.wait?.step == .slot && machine.slot == .requested)
        machine.drive([.tick], at: t0 + .minutes(30) + .hours(6))
        #expect(machine.updateState == .failed && machine.maintenance == .evacuated && machine.lease == .held && machine.slot == .requested)
        return machine
    }

    @Test("a slot granted while Failed is held; the retry reboots at once, and the slot goes back to c2 when the cycle ends")
    func slotGrantWhileFailed() {
        var machine = Self.failedWaitingForSlot()
        _ = machine.accept(.slotGranted(requestID: "update-1-slot-2", cluster: "c2"), at: t0 + .hours(7))
        #expect(machine.slot == .held)
        let retried = machine.accept(.retry, at: t0 + .hours(8)) ?? []
        // The reboot command of attempt 1 is still unanswered: it is the one sent again (PROTOCOL §1: one command
        // outstanding, retried, never replaced; RetryWhileRebootUnansweredTests).
        #expect(retried.contains(.power(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot"))), "\(retried)")
        #expect(!retried.contains { if case .requestSlot = $0 { true } else { false } } && machine.wait?.step == .reboot)
        let outputs = machine.drive([
            change(.ready, .rebooting, .reboot), change(.rebooting, .ready, .online), .powerCompleted(requestID: "update-1-reboot"),
            .restoreCompleted(requestID: "update-2-restore-1"),
        ], at: t0 + .hours(8))
        #expect(outputs.contains(.releaseSlot(clusterID: "c2")) && machine.slot == .none && machine.lease == .none, "\(outputs)")
    }

    @Test("a lease granted while Failed is held, and given back once the install the failed cycle waited for ended")
    func leaseGrantWhileFailed() {
        var machine = Orchestrator(settings: Self.settings, server: .ready)
        // An update is announced: the cycle asks for the lease; the server reports an install it started on its own
        // (naming no cycle); the lease wait times out, and the failed cycle keeps its request while the server installs.
        machine.drive([.updateAvailable, change(.ready, .updating, .updateStarted)])
        #expect(machine.lease == .requested && machine.wait?.step == .lease)
        machine.drive([.tick], at: t0 + .hours(6))
        #expect(machine.updateState == .failed && machine.lease == .requested)
        _ = machine.accept(.leaseGranted(requestID: "update-1-lease"), at: t0 + .hours(7))
        #expect(machine.lease == .held)
        let outputs = machine.drive([change(.updating, .ready, .updateFinished, requiresReboot: false)], at: t0 + .hours(8))
        #expect(outputs.contains(.releaseLease(requestID: "update-1-lease")) && machine.lease == .none, "\(outputs)")
    }
}
