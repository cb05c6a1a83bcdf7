import Testing

@testable import Lifecycle

/// The slot request id is `update-<lease's sequence>-slot`: it does not change when a membership
/// change withdraws the request and the member asks again. A member that leaves c1 and comes back
/// (c1 → c2 → c1) within one lease asks c1 a second time with the *same* id. A
/// lagging c1 rollout's grant of the first, withdrawn request (it travels on `server.transitions`,
/// the membership facts on `server.lifecycle`: any order across topics, PROTOCOL §2's own model)
/// then matches the second request by id and cluster and is taken: the member holds "a slot" the
/// rollout never gave it, while the rollout gave c1's only slot to another member. Both are
/// evacuated and rebooted at once.
///
/// What should happen (PROTOCOL §2 table, `rollout.slot.granted`: "a grant of a request it
/// withdrew, that a lagging rollout sends after the member asked again, is `stale`"; §1 "A slot
/// held or asked for goes back to the cluster it was asked of ... a slot of the new cluster is asked
/// for"; invariant 3, at most `maxUnavailable` members disrupted): each slot request has an id of its
/// own, so the withdrawn request's grant is stale and the member waits for c1 to grant its new request.
@Suite("A slot grant of a request withdrawn by a membership change does not count for the request made on coming back (PROTOCOL §2, invariant 3)")
struct SlotRequestAfterMembershipRoundTripTests {
    @Test("c1 → c2 → c1 within one lease: the lagging grant of the first c1 request is stale; no evacuation while another member holds c1's only slot")
    func roundTripThroughAnotherCluster() {
        Self.roundTrip(via: "c2")
    }

    private static func roundTrip(via other: String) {
        // Member server-1 of c1: its install needs a reboot; it asks c1 for a slot.
        var member = Orchestrator(clusterID: "c1", server: .ready)
        member.drive(installSteps.map(\.input))
        let asked = member.accept(.updateFinishedNeedingReboot, at: t0) ?? []
        #expect(asked.contains(.requestSlot(clusterID: "c1", requestID: "update-1-slot")))
        var c1 = ClusterRollout(maxUnavailable: 1)
        // c1 grants it at once; the grant is on its way (server.transitions lags behind server.lifecycle).
        let lagging = c1.accept(.request(member: "server-1", requestID: "update-1-slot"))
        #expect(lagging == [.granted(member: "server-1", requestID: "update-1-slot")])

        // The member moves to c2: the c1 request is withdrawn (and c2 asked).
        let left = member.accept(.clusterMembership(other), at: t0 + .minutes(1)) ?? []
        #expect(left.contains(.releaseSlot(clusterID: "c1")))
        _ = c1.accept(.release(member: "server-1"))
        // server-2 of c1 asks for c1's slot and gets it.
        #expect(c1.accept(.request(member: "server-2", requestID: "update-4-slot")) == [.granted(member: "server-2", requestID: "update-4-slot")])

        // The member comes back to c1 and asks c1 again: queued behind server-2.
        let back = member.accept(.clusterMembership("c1"), at: t0 + .minutes(2)) ?? []
        guard let again = back.compactMap({ output -> String? in
            if case let .requestSlot("c1", requestID) = output { return requestID }
            return nil
        }).first ?? (member.slot == .requested ? member.slotRequestID : nil) else {
            Issue.record("the member did not ask c1 again: \(back)")
            return
        }
        _ = c1.accept(.request(member: "server-1", requestID: again))
        #expect(c1.holders == ["server-2"] && c1.queue == ["server-1"])

        // Now the lagging grant of the withdrawn first request arrives.
        var outputs: [Orchestrator.Output] = []
        if case let .success(emitted) = member.handle(.slotGranted(requestID: "update-1-slot", cluster: "c1"), at: t0 + .minutes(3)) {
            outputs = emitted
        }
        // The bug: the new request reused update-1-slot, so the grant is taken: slot held, evacuation asked for.
        #expect(member.slot != .held, "a withdrawn request's grant was taken for the request c1 has queued (c1 holders \(c1.holders))")
        #expect(!outputs.contains { if case .evacuate = $0 { true } else { false } },
                "evacuation asked for while c1's only slot is server-2's: \(outputs)")
    }
}

extension Orchestrator.Input {
    /// The power controller's change: update-1's install (attempt 1) finished and needs a reboot.
    static var updateFinishedNeedingReboot: Self {
        .serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: true, cycleID: "update-1",
                                   requestID: "update-1-update-1"))
    }
}
