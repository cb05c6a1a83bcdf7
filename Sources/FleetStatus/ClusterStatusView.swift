import Events
import Lifecycle

/// One cluster's rolling update: its limit, who holds a slot and who waits for one.
public struct ClusterStatusView: Sendable {
    /// The cluster id.
    public var id: String
    /// The rollout's state.
    public var rollout: ClusterRollout
    /// The instance that answered for it, if known.
    public var owner: String?

    /// The view of `rollout`.
    public init(id: String, rollout: ClusterRollout, owner: String? = nil) {
        self.id = id
        self.rollout = rollout
        self.owner = owner
    }

    /// The view as the API answers it.
    public var json: JSONValue {
        var object: JSONObject = [
            "id": .string(id), "phase": .string(rollout.phase.label), "maxUnavailable": .int(Int64(rollout.maxUnavailable)),
            "holders": .array(rollout.holders.map { .string($0) }), "queue": .array(rollout.queue.map { .string($0) }),
            "freeSlots": .int(Int64(max(0, rollout.maxUnavailable - rollout.holders.count))),
        ]
        if let owner { object["owner"] = .string(owner) }
        return .object(object)
    }
}
