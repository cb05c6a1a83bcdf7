import Testing

@testable import Lifecycle

/// A clustered member's reboot command runs; the member moves to another cluster, so the cycle
/// waits for a slot of the new one (Evacuation pending) with the reboot still unanswered. The power
/// controller then answers it failed, with the reboot's budget used: the orchestrator's table had
/// no arrow for that (`powerFailed (would lead to Failed) does not apply in state Evacuation
/// pending`), so the answer was rejected for good. The command stayed unanswered, every later cycle
/// sent it again (no new command while one is unanswered), the power controller took each copy as
/// a duplicate of a command it had answered, and the member failed "reboot timed out" after every
/// operator retry, keeping lease and slot. The hostile simulation found it (everything seeds 7032,
/// 7130).
///
/// What should happen (PROTOCOL §4: the reboot's attempts count across a wait for the grants, so
/// its budget ends the step): the answer is taken; with the budget used the cycle fails.
@Suite("A reboot answered failed while the cycle waits for the grants is taken (PROTOCOL §4)")
struct RebootFailedWhileAwaitingGrantsTests {
    @Test("the failure of the last reboot attempt, answered while waiting for the new cluster's slot, fails the cycle")
    func lastAttemptFailsWhileAwaitingSlot() {
        let settings = Orchestrator.Settings(reboot: RetryPolicy(timeout: .minutes(30), attempts: 1))
        var machine = Orchestrator(settings: settings, clusterID: "c1", server: .ready)
        machine.drive(installSteps.map(\.input))
        machine.drive([
            change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"),
            .slotGranted(requestID: "update-1-slot", cluster: "c1"), .evacuationCompleted(requestID: "update-1-evacuation-1"),
        ])
        #expect(machine.powerRequestID == "update-1-reboot")
        machine.drive([.clusterMembership(nil)], at: t0 + .minutes(1))
        machine.drive([.clusterMembership("c2")], at: t0 + .minutes(2))
        #expect(machine.updateState == .evacuationPending, "\(machine.updateState.label)")
        // The bug: rejected as not applicable; the reboot stays unanswered for good.
        _ = machine.accept(.powerFailed(requestID: "update-1-reboot", reason: "Rebooting timed out"), at: t0 + .minutes(40))
        #expect(machine.powerRequestID == nil && machine.updateState == .failed, "\(machine.updateState.label), \(machine.powerRequestID ?? "-")")
    }
}
