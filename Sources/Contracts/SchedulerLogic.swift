import Events
import Lifecycle

/// The maintenance scheduler's logic: ServerMaintenance queues per server.
public struct SchedulerLogic: SettingsSharingLogic {
    public typealias State = MaintenanceScheduler

    /// The settings as every state of this logic holds them: one value, not a copy per server.
    public var sharedSettings: SharedValue<MaintenanceScheduler.Settings>

    public init(settings: MaintenanceScheduler.Settings = .init()) { sharedSettings = SharedValue(settings) }

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
}
