import Events
import Lifecycle

/// The per-cluster rollout's side of the contract: slot requests keyed by cluster
/// id in, grants keyed by the member's server id out.
public enum RolloutContract {
    /// The cluster-keyed topic the rollout consumes.
    public static let inputTopics = [TopicName.clusterRollouts]

    /// The rollout input an inbound event stands for.
    public static func route(_ event: InboundEvent) throws(EventDecodingError) -> Routed<ClusterRollout.Input> {
        let key = event.key
        switch event.event.type {
        case EventName.rolloutSlotRequested:
            return .apply(.request(member: try event.required("member"), requestID: event.string("requestId")), key: key)
        case EventName.rolloutSlotReleased:
            return .apply(.release(member: try event.required("member")), key: key)
        case EventName.rolloutLimitSet:
            return .apply(.setMaxUnavailable(event.int("maxUnavailable") ?? ClusterRollout.defaultMaxUnavailable), key: key)
        default:
            return .ignore
        }
    }

    /// The events the rollout's outputs for `cluster` become.
    public static func events(for outputs: [ClusterRollout.Output], cluster: String) -> [OutgoingEvent] {
        outputs.map { output in
            switch output {
            case let .granted(member, requestID):
                var data: JSONObject = ["cluster": .string(cluster)]
                if let requestID { data["requestId"] = .string(requestID) }
                return OutgoingEvent(EventName.rolloutSlotGranted, key: member, .object(data))
            case let .released(member):
                return OutgoingEvent(EventName.rolloutSlotFreed, key: member, ["cluster": .string(cluster)])
            }
        }
    }
}
