import Testing

@testable import Lifecycle

/// A clustered member's reboot timed out while its cluster changed (the slot went back to the old
/// cluster): its retry first waits for a slot of the new cluster, and was then asked as attempt 1
/// again, so every wait for grants gave the reboot a fresh budget and the step's budget did not end
/// it (PROTOCOL §4: every wait has a retry budget). The retried command keeps the reboot's request id
/// (`update-N-reboot`): it is the same command, carried out once by the power controller (§4, "A
/// timed-out reboot is asked again with the same request id"); output ids (§3) are the events', not
/// the command's, and stay distinct.
@Suite("The reboot's attempt count survives a wait for grants; its retried command is the same command (PROTOCOL §3, §4)")
struct RebootAttemptsAcrossGrantsWaitTests {
    private static let settings = Orchestrator.Settings(reboot: RetryPolicy(timeout: .minutes(30), attempts: 2))
    private static let reboot = PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot")

    /// A c1 member evacuated, its reboot command sent (attempt 1), then moved to cluster c2.
    private static func rebootAskedThenMoved() -> Orchestrator {
        var machine = Orchestrator(settings: settings, clusterID: "c1", server: .ready)
        machine.drive(installSteps.map(\.input))
        machine.drive([
            change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"),
            .slotGranted(requestID: "update-1-slot", cluster: "c1"), .evacuationCompleted(requestID: "update-1-evacuation-1"),
        ])
        #expect(machine.wait?.step == .reboot && machine.wait?.attempt == 1 && machine.powerRequestID == "update-1-reboot")
        machine.drive([.clusterMembership("c2")])
        return machine
    }

    @Test("after the slot of the new cluster is granted, the reboot is attempt 2 of 2, and its timeout fails the cycle")
    func countKept() {
        var machine = Self.rebootAskedThenMoved()
        let asked = machine.accept(.tick, at: t0 + .minutes(30)) ?? []
        #expect(asked.contains(.requestSlot(clusterID: "c2", requestID: "update-1-slot-2")) && machine.wait?.step == .slot, "\(asked)")
        let retried = machine.accept(.slotGranted(requestID: "update-1-slot-2", cluster: "c2"), at: t0 + .minutes(31)) ?? []
        #expect(retried == [.power(Self.reboot)], "the retry is the same command")
        #expect(machine.wait?.step == .reboot && machine.wait?.attempt == 2)
        let last = machine.accept(.tick, at: t0 + .minutes(61)) ?? []
        #expect(!last.contains(.power(Self.reboot)), "a third reboot command of a budget of 2: \(last)")
        #expect(machine.updateState == .failed)
    }
}
