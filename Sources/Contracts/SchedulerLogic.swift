import Events
import Lifecycle

/// The maintenance scheduler's logic: ServerMaintenance queues per server.
public struct SchedulerLogic: RoleLogic {
    public typealias State = MaintenanceScheduler

    /// Operator settings and budgets applied to every server.
    public var settings: MaintenanceScheduler.Settings {
        get { shared.value }
        set { shared = SharedValue(newValue) }
    }
    /// The settings as every state of this logic holds them: one value, not a copy per server.
    private var shared: SharedValue<MaintenanceScheduler.Settings>

    public init(settings: MaintenanceScheduler.Settings = .init()) { shared = SharedValue(settings) }

    public var role: Role { .scheduler }
    public var inputTopics: [String] { SchedulerContract.inputTopics }
    public var changelogTopic: String { TopicName.changelog(of: .scheduler) }
    public var takesTicks: Bool { true }

    public func step(_ event: InboundEvent, state: inout State?, at now: Instant) throws(EventDecodingError) -> StepOutcome {
        run(try SchedulerContract.route(event), on: &state, fresh: fresh(), at: now) { machine, outputs, key in
            SchedulerContract.events(for: outputs, server: key, state: machine)
        }
    }

    public func tick(key: String, state: inout State, at now: Instant) -> [OutgoingEvent] {
        guard case .success(let outputs) = state.handle(.tick, at: now) else { return [] }
        return SchedulerContract.events(for: outputs, server: key, state: state)
    }

    public func nextDeadline(of state: State, after now: Instant) -> Instant? { state.nextDeadline(after: now) }

    public func configure(_ state: inout State) { state.sharedSettings = shared }

    /// A state for a key seen for the first time, under the shared settings.
    private func fresh() -> State {
        var state = State()
        state.sharedSettings = shared
        return state
    }
}
