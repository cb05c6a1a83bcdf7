import Testing

@testable import Lifecycle

/// A c2 member evacuated by its update (`update-1-evacuation-1` completed) left its cluster before its
/// reboot: its maintenance state ended ("left the cluster", PROTOCOL §1) and the count of Incus requests
/// with it. It joined c2 again before the reboot was done, so the cycle evacuated it again, and asked for
/// `update-1-evacuation-1` a second time: one id for two requests, the first already answered completed
/// (hostile simulation, membership seed 3108). An Incus adapter that de-duplicates by request id takes
/// the second for the first and evacuates nothing; a late completion of the first passes for the second.
///
/// Decision: the round whose evacuation was asked for ends when the member leaves the cluster, as it does
/// when a restore completes with a reboot still pending: the evacuation after it joins again, with the
/// reboot and restore after it, is the next round (`update-1-round-2-…`).
@Suite("A member that left its cluster and joined again is evacuated under a request id of its own (PROTOCOL §3)")
struct LeftClusterEvacuationIDTests {
    private static func evacuations(_ outputs: [Orchestrator.Output]) -> [String] {
        outputs.compactMap { if case let .evacuate(requestID) = $0 { requestID } else { nil } }
    }

    @Test("evacuated, left, joined again before the reboot: the second evacuation is not update-1-evacuation-1")
    func secondEvacuationHasItsOwnID() {
        var machine = Orchestrator(clusterID: "c2", server: .ready)
        machine.drive(installSteps.map(\.input))
        var outputs = machine.drive([
            change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"),
            .slotGranted(requestID: "update-1-slot", cluster: "c2"),
        ])
        #expect(Self.evacuations(outputs) == ["update-1-evacuation-1"])
        machine.drive([.evacuationCompleted(requestID: "update-1-evacuation-1")])
        #expect(machine.powerRequestID == "update-1-reboot")
        machine.drive([.clusterMembership(nil)], at: t0 + .minutes(1))
        #expect(machine.maintenance == .notInMaintenance)
        machine.drive([.clusterMembership("c2")], at: t0 + .minutes(2))
        outputs = machine.drive([.powerFailed(requestID: "update-1-reboot", reason: "bmc")], at: t0 + .minutes(3))
        outputs += machine.drive([.slotGranted(requestID: "update-1-slot-2", cluster: "c2")], at: t0 + .minutes(4))
        let second = Self.evacuations(outputs)
        #expect(second.count == 1 && !second.contains("update-1-evacuation-1"), "\(outputs)")
        #expect(second == ["update-1-round-2-evacuation-1"], "\(outputs)")
    }
}
