import Events
import Lifecycle

/// The update orchestrator's per-server logic: maintenance (evacuation) state and the update cycle.
public struct UpdateLogic: RoleLogic {
    public typealias State = UpdateOrchestrator

    /// Timeouts and budgets applied to every server.
    public var settings: UpdateOrchestrator.Settings {
        get { shared.value }
        set { shared = SharedValue(newValue) }
    }
    /// The settings as every state of this logic holds them: one value, not a copy per server.
    private var shared: SharedValue<UpdateOrchestrator.Settings>

    public init(settings: UpdateOrchestrator.Settings = .init()) { shared = SharedValue(settings) }

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

    public func configure(_ state: inout State) { state.sharedSettings = shared }

    /// A state for a key seen for the first time, under the shared settings.
    private func fresh() -> State {
        var state = State()
        state.sharedSettings = shared
        return state
    }
}
