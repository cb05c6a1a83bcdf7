import Testing

@testable import Lifecycle

/// A member that leaves its Incus cluster while evacuated by its update (an operator removes it:
/// Incus lets only an evacuated member go) was still asked to restore: `incus.restore.requested` for
/// a server in no cluster. The restore cannot succeed (there is no cluster to restore its instances
/// from; they stay with the cluster it left), so it fails at every attempt, the cycle fails still
/// "evacuated", keeps the lease (PROTOCOL §1: a failed cycle keeps it while the member is evacuated)
/// and an operator retry asks for the same impossible restore: nothing ends the wait (§4).
///
/// Decision: the maintenance (evacuation) state is the member's place in its cluster. Once the
/// member is in no cluster and no evacuation or restore request is outstanding, it has nothing to
/// restore: the state ends (not in maintenance) without a request, and the cycle goes on as for a
/// standalone server (its reboot, if still pending, under the lease alone). An outstanding request
/// is still answered (or times out) first.
@Suite("A member that left its cluster while evacuated is not asked to restore (PROTOCOL §1, §4)")
struct LeftClusterWhileEvacuatedTests {
    private static func restores(_ outputs: [Orchestrator.Output]) -> [String] {
        outputs.compactMap { if case let .restore(requestID) = $0 { requestID } else { nil } }
    }

    /// A c1 member evacuated, its reboot command sent.
    private static func evacuatedRebootAsked() -> Orchestrator {
        var machine = Orchestrator(clusterID: "c1", server: .ready)
        machine.drive(installSteps.map(\.input))
        machine.drive([
            change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"),
            .slotGranted(requestID: "update-1-slot", cluster: "c1"), .evacuationCompleted(requestID: "update-1-evacuation-1"),
        ])
        #expect(machine.updateState == .inMaintenanceRebootPending && machine.powerRequestID == "update-1-reboot")
        return machine
    }

    @Test("left before the reboot: rebooted, then Up to date without a restore, the lease given back")
    func leftBeforeReboot() {
        var machine = Self.evacuatedRebootAsked()
        var outputs = machine.drive([.clusterMembership(nil)])
        #expect(outputs.contains(.releaseSlot(clusterID: "c1")))
        outputs += machine.drive([
            change(.ready, .rebooting, .reboot), change(.rebooting, .ready, .online), .powerCompleted(requestID: "update-1-reboot"),
        ], at: t0 + .minutes(5))
        #expect(Self.restores(outputs).isEmpty, "a restore asked of a server in no cluster: \(outputs)")
        #expect(machine.maintenance == .notInMaintenance && machine.updateState == .upToDate)
        #expect(outputs.contains(.releaseLease(requestID: "update-1-lease")) && machine.lease == .none, "\(outputs)")
    }

    @Test("left while its restore is outstanding: the restore's failure asks for no other; the cycle ends Up to date")
    func leftWhileRestoring() {
        var machine = Self.evacuatedRebootAsked()
        machine.drive([change(.ready, .rebooting, .reboot), change(.rebooting, .ready, .online), .powerCompleted(requestID: "update-1-reboot")],
                      at: t0 + .minutes(5))
        #expect(machine.updateState == .restoring && machine.incusRequestID == "update-1-restore-1")
        machine.drive([.clusterMembership(nil)], at: t0 + .minutes(6))
        #expect(machine.maintenance == .restoring, "the outstanding restore is still answered")
        let outputs = machine.drive([.restoreFailed(requestID: "update-1-restore-1", reason: "not a cluster member")], at: t0 + .minutes(7))
        #expect(Self.restores(outputs).isEmpty, "\(outputs)")
        #expect(machine.maintenance == .notInMaintenance && machine.updateState == .upToDate && machine.lease == .none)
    }

    @Test("a member moved to another cluster while evacuated is still restored (its slot of the new cluster first)")
    func movedIsRestored() {
        var machine = Self.evacuatedRebootAsked()
        machine.drive([.clusterMembership("c2")])
        machine.drive([change(.ready, .rebooting, .reboot), change(.rebooting, .ready, .online), .powerCompleted(requestID: "update-1-reboot")],
                      at: t0 + .minutes(5))
        let outputs = machine.drive([.slotGranted(requestID: "update-1-slot-2", cluster: "c2")], at: t0 + .minutes(6))
        #expect(Self.restores(outputs) == ["update-1-restore-1"])
    }
}
