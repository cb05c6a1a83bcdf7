import Events
import Lifecycle

/// The update orchestrator's per-cluster logic: rolling-update slots, keyed by cluster id.
public struct RolloutLogic: RoleLogic {
    public typealias State = ClusterRollout

    /// The default limit of members disrupted at once, for clusters nobody set one for.
    public var maxUnavailable: Int

    public init(maxUnavailable: Int = ClusterRollout.defaultMaxUnavailable) { self.maxUnavailable = maxUnavailable }

    public var role: Role { .update }
    public var inputTopics: [String] { RolloutContract.inputTopics }
    public var changelogTopic: String { TopicName.rolloutState }
    public var takesTicks: Bool { false }

    public func step(_ event: InboundEvent, state: inout State?, at now: Instant) throws(EventDecodingError) -> StepOutcome {
        run(try RolloutContract.route(event), on: &state, fresh: ClusterRollout(maxUnavailable: maxUnavailable), at: now) { _, outputs, key in
            RolloutContract.events(for: outputs, cluster: key)
        }
    }

    public func tick(key: String, state: inout State, at now: Instant) -> [OutgoingEvent] { [] }

    public func nextDeadline(of state: State, after now: Instant) -> Instant? { nil }

    public func configure(_ state: inout State) {}
}
