import Events
import Lifecycle

/// The update orchestrator's per-server logic: maintenance (evacuation) state and the update cycle.
public struct UpdateLogic: SettingsSharingLogic {
    public typealias State = UpdateOrchestrator

    /// The settings as every state of this logic holds them: one value, not a copy per server.
    public var sharedSettings: SharedValue<UpdateOrchestrator.Settings>

    public init(settings: UpdateOrchestrator.Settings = .init()) { sharedSettings = SharedValue(settings) }

    public var role: Role { .update }
    public var inputTopics: [String] { UpdateContract.inputTopics }
    public var changelogTopic: String { TopicName.changelog(of: .update) }
    public var takesTicks: Bool { true }

    public func step(_ event: InboundEvent, state: inout State?, at now: Instant) throws(EventDecodingError) -> StepOutcome {
        run(try UpdateContract.route(event), on: &state, fresh: fresh(), at: now) { _, outputs, key in
            UpdateContract.events(for: outputs, server: key)
        }
    }

    public func tick(key: String, state: inout State, at now: Instant) -> [OutgoingEvent] {
        guard case .success(let outputs) = state.handle(.tick, at: now) else { return [] }
        return UpdateContract.events(for: outputs, server: key)
    }

    public func nextDeadline(of state: State, after now: Instant) -> Instant? { state.nextDeadline }
}
