import Events
import Lifecycle

/// The power controller's logic: server status and power per server.
public struct PowerLogic: SettingsSharingLogic {
    public typealias State = PowerController

    /// The settings as every state of this logic holds them: one value, not a copy per server.
    public var sharedSettings: SharedValue<PowerController.Settings>

    public init(settings: PowerController.Settings = .init()) { sharedSettings = SharedValue(settings) }

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
}
