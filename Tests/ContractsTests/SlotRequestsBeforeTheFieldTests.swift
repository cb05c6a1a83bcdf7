import Contracts
import Foundation
import Lifecycle
import Testing

/// `slotRequests` (how many slot requests the lease's cycle has made) is new in the update orchestrator's
/// changelog value. A value written before it, with its slot asked for, restores with the id it was asked with
/// (`update-N-slot`); once a membership change withdraws it, the member's next request has an id of its own
/// (`update-N-slot-2`), so the withdrawn request's lagging grant is stale (PROTOCOL §2).
@Suite("A slot request written before slotRequests keeps its id; the next request after a membership change has its own (PROTOCOL §2)")
struct SlotRequestsBeforeTheFieldTests {
    private static let t0 = Instant(millisecondsSinceEpoch: 1_767_225_600_000)

    @Test("written and read back with the field; without it the outstanding request keeps update-1-slot, the next is update-1-slot-2")
    func olderValue() throws {
        var machine = UpdateOrchestrator(clusterID: "c1", server: .ready)
        for input: UpdateOrchestrator.Input in [
            .updateAvailable, .leaseGranted(requestID: "update-1-lease"),
            .serverStatus(StatusChange(from: .ready, to: .updating, trigger: .updateStarted, cycleID: "update-1")),
            .serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: true, cycleID: "update-1")),
        ] {
            _ = try machine.handle(input, at: Self.t0).get()
        }
        #expect(machine.slot == .requested && machine.slotRequestID == "update-1-slot")
        let written = String(decoding: try machine.changelogValue(), as: UTF8.self)
        #expect(try UpdateOrchestrator(changelogValue: Array(written.utf8)) == machine)
        #expect(written.contains(#""slotRequests":1"#))
        let old = written.replacingOccurrences(of: #","slotRequests":1"#, with: "").replacingOccurrences(of: #""slotRequests":1,"#, with: "")
        #expect(!old.contains("slotRequests"))
        var restored = try UpdateOrchestrator(changelogValue: Array(old.utf8))
        #expect(restored.slotRequests == 0 && restored.slotRequestID == "update-1-slot")
        // c1 → c2 → c1: each request after the withdrawn one has its own id.
        let moved = try restored.handle(.clusterMembership("c2"), at: Self.t0).get()
        #expect(moved.contains(.requestSlot(clusterID: "c2", requestID: "update-1-slot-2")), "\(moved)")
        let back = try restored.handle(.clusterMembership("c1"), at: Self.t0).get()
        #expect(back.contains(.requestSlot(clusterID: "c1", requestID: "update-1-slot-3")), "\(back)")
        guard case .failure(.stale) = restored.handle(.slotGranted(requestID: "update-1-slot", cluster: "c1"), at: Self.t0) else {
            Issue.record("the withdrawn request's grant was taken")
            return
        }
    }
}
