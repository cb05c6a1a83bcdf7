import Testing

@testable import Lifecycle

/// Cluster membership is a fact recorded in every state; a slot goes back to the cluster it was asked of.
@Suite("Cluster membership changes mid-cycle (PROTOCOL §1)")
struct ClusterMembershipMidCycleTests {
    /// A c1 member whose install needs a reboot: Evacuation pending, the slot of c1 asked for.
    private static func waitingForSlot() -> Orchestrator {
        var machine = Orchestrator(clusterID: "c1", server: .ready)
        machine.drive(installSteps.map(\.input))
        machine.drive([change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1")])
        #expect(machine.updateState == .evacuationPending && machine.slot == .requested)
        return machine
    }

    @Test("a member that leaves its cluster before its reboot withdraws the slot request from that cluster and is just rebooted")
    func leftBeforeReboot() {
        var machine = Self.waitingForSlot()
        let outputs = machine.accept(.clusterMembership(nil), at: t0 + .minutes(1))
        #expect(outputs == [
            moved(.evacuationPending, .rebootPending), .releaseSlot(clusterID: "c1"),
            .power(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot")),
        ])
    }

    @Test("a member that moves to another cluster gives c1's slot back and asks c2's rollout")
    func movedCluster() {
        var machine = Self.waitingForSlot()
        let outputs = machine.accept(.clusterMembership("c2"), at: t0 + .minutes(1))
        #expect(outputs == [.releaseSlot(clusterID: "c1"), .requestSlot(clusterID: "c2", requestID: "update-1-slot-2")])
        #expect(machine.updateState == .evacuationPending && machine.slot == .requested && machine.wait?.step == .slot)
    }

    @Test("a membership change while evacuated gives the held slot back to the old cluster and keeps the cycle going")
    func whileEvacuated() {
        var machine = Self.waitingForSlot()
        machine.drive([.slotGranted(requestID: "update-1-slot", cluster: "c1"), .evacuationCompleted(requestID: "update-1-evacuation-1")])
        #expect(machine.updateState == .inMaintenanceRebootPending)
        let outputs = machine.accept(.clusterMembership(nil), at: t0 + .minutes(1))
        #expect(outputs?.first == .releaseSlot(clusterID: "c1"))
        // Left, it has nothing to restore: its maintenance state ends and its reboot goes on under the lease alone
        // (LeftClusterWhileEvacuatedTests).
        #expect(machine.slot == .none && machine.maintenance == .notInMaintenance && machine.updateState == .rebootPending)
    }
}

extension ClusterMembershipMidCycleTests {
    @Test("an evacuated member that moved to c2 asks c2 for a slot before it sends its reboot again")
    func movedWhileEvacuated() {
        var machine = Self.waitingForSlotGranted()
        #expect(machine.powerRequestID == "update-1-reboot")
        let outputs = machine.accept(.clusterMembership("c2"), at: t0 + .minutes(1))
        #expect(outputs == [.releaseSlot(clusterID: "c1")])
        // The reboot does not come within its timeout: its retry waits for a slot of c2 first.
        let retried = machine.accept(.tick, at: machine.wait?.deadline ?? t0)
        #expect(retried == [.requestSlot(clusterID: "c2", requestID: "update-1-slot-2")])
        let granted = machine.accept(.slotGranted(requestID: "update-1-slot-2", cluster: "c2"), at: t0 + .hours(1))
        #expect(granted == [.power(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot"))])
    }

    private static func waitingForSlotGranted() -> Orchestrator {
        var machine = Orchestrator(clusterID: "c1", server: .ready)
        machine.drive(installSteps.map(\.input))
        machine.drive([
            change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"),
            .slotGranted(requestID: "update-1-slot", cluster: "c1"), .evacuationCompleted(requestID: "update-1-evacuation-1"),
        ])
        return machine
    }
}
