import Testing

@testable import Lifecycle

/// A rollout slot's grant travels on `server.transitions` while requests and releases go
/// through `cluster.rollouts`: a rollout that lags can grant a request the member has
/// withdrawn after the member asked again. The grant names its request (PROTOCOL §2).
@Suite("A slot grant belongs to one slot request")
struct SlotGrantMatchingTests {
    /// A clustered member whose install needs a reboot, up to its slot request.
    static func waitingForSlot() -> Orchestrator {
        var machine = Orchestrator(clusterID: "c1", server: .ready)
        for step in cycles[2].steps where machine.slot != .requested { _ = machine.accept(step.input) }
        return machine
    }

    @Test("the request carries the lease cycle's id, the rollout's grant echoes it, and only that grant is taken")
    func matched() throws {
        var machine = Self.waitingForSlot()
        #expect(machine.slot == .requested && machine.slotRequestID == "update-1-slot")
        // Through the rollout: the request's id comes back with the grant.
        var rollout = ClusterRollout(maxUnavailable: 1)
        let granted = rollout.accept(.request(member: "server-1", requestID: machine.slotRequestID))
        #expect(granted == [.granted(member: "server-1", requestID: "update-1-slot")])
        // A grant of an earlier cycle's request, or from another cluster's rollout, is stale and changes nothing.
        #expect(machine.reject(.slotGranted(requestID: "update-0-slot", cluster: "c1")) == .stale("slot grant of update-0-slot from c1, but update-1-slot of c1 is"))
        #expect(machine.reject(.slotGranted(requestID: "update-1-slot", cluster: "c2")) != nil)
        #expect(machine.slot == .requested)
        // Its own grant is taken; the same grant again is a duplicate.
        _ = machine.accept(.slotGranted(requestID: "update-1-slot", cluster: "c1"))
        #expect(machine.slot == .held)
        #expect(machine.reject(.slotGranted(requestID: "update-1-slot", cluster: "c1")) != nil)
    }

    @Test("a grant of an older version names no request: it is taken as before")
    func unnamedGrant() {
        var machine = Self.waitingForSlot()
        _ = machine.accept(.slotGranted(requestID: nil, cluster: "c1"))
        #expect(machine.slot == .held)
    }

    @Test("a withdrawn request's late grant does not count for the member's next request")
    func withdrawnThenAskedAgain() {
        var machine = Self.waitingForSlot()
        let first = machine.slotRequestID
        // The cycle fails while it waits for the slot: the lease and the slot request are given back.
        var outputs: [Orchestrator.Output] = []
        var now = t0
        while machine.failure == nil {
            now = now + .hours(7)
            outputs += machine.accept(.tick, at: now) ?? []
        }
        #expect(outputs.contains(.releaseSlot(clusterID: "c1")))
        // An operator retries: a new cycle asks for the lease again, then for a slot, with a new id.
        _ = machine.accept(.retry, at: now)
        _ = machine.accept(.leaseGranted(requestID: machine.leaseRequestID), at: now)
        #expect(machine.slot == .requested && machine.slotRequestID != first, "\(machine.slotRequestID)")
        // The lagging rollout now grants the first request (then takes its withdrawal): stale.
        #expect(machine.reject(.slotGranted(requestID: first, cluster: "c1"), at: now) != nil)
        #expect(machine.slot == .requested)
    }
}
