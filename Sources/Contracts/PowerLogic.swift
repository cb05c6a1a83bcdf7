import Events
import Lifecycle

/// The power controller's logic: server status and power per server.
public struct PowerLogic: RoleLogic {
    public typealias State = PowerController

    /// Timeouts and budgets applied to every server.
    public var settings: PowerController.Settings {
        get { shared.value }
        set { shared = SharedValue(newValue) }
    }
    /// The settings as every state of this logic holds them: one value, not a copy per server.
    private var shared: SharedValue<PowerController.Settings>

    public init(settings: PowerController.Settings = .init()) { shared = SharedValue(settings) }

    public var role: Role { .power }
    public var inputTopics: [String] { PowerContract.inputTopics }
    public var changelogTopic: String { TopicName.changelog(of: .power) }
    public var takesTicks: Bool { true }

    public func step(_ event: InboundEvent, state: inout State?, at now: Instant) throws(EventDecodingError) -> StepOutcome {
        run(try PowerContract.route(event, state: state), on: &state, fresh: fresh(), at: now) { _, outputs, key in
            PowerContract.events(for: outputs, server: key)
        }
    }

    public func tick(key: String, state: inout State, at now: Instant) -> [OutgoingEvent] {
        guard case .success(let outputs) = state.handle(.tick, at: now) else { return [] }
        return PowerContract.events(for: outputs, server: key)
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
