import Contracts
import Kafka
import Lifecycle
import Logging
import MaintenancedConfiguration
import Processor

/// Builds the role runners of a process from the service configuration: one
/// `RoleRunner` per role, each with its consumer group, its lifecycle logics and
/// their configured settings. Used by `run` and `demo`.
enum RoleRunners {
    /// Runners for `roles`, writing through `producer`, stopping within `stopBudget` and
    /// leaving snapshots in the state directory (`state.directory`), if any; `tickInterval` overrides each role's
    /// configured one, and `observer` gives each role's observer (metrics and readiness), if any.
    static func make(
        roles: [Role], settings: ServiceConfiguration, partitionCounts: [String: Int32], kafka: KafkaConfiguration,
        producer: KafkaProducer, tickInterval: Duration?, stopBudget: StopBudget, logger: Logger,
        observer: (Role) -> (any RoleObserver)? = { _ in nil }
    ) throws -> [RoleRunner] {
        try roles.map { role in
            let group = settings.groups[role]
            let engine = RoleEngine(
                role: role, logics: logics(of: role, settings: settings.roles), partitionCounts: partitionCounts,
                consumerName: group, maxValueBytes: settings.limits.maxEventBytes)
            let tick = tickInterval ?? settings.roles.tickInterval(of: role).duration
            let options = RoleRunner.Options(
                group: group, tickInterval: tick, observer: observer(role), stopBudget: stopBudget,
                stateDirectory: settings.state.directory.map(StateDirectory.init(path:)), snapshotInterval: settings.state.snapshotInterval?.duration)
            return try RoleRunner(engine: engine, configuration: kafka, options: options, producer: producer, logger: logger)
        }
    }

    /// The logics a role runs, with the configured settings.
    static func logics(of role: Role, settings: RoleSettings) -> [any RoleLogic] {
        switch role {
        case .scheduler: [SchedulerLogic(settings: settings.scheduler)]
        case .power: [PowerLogic(settings: settings.power)]
        case .update: [UpdateLogic(settings: settings.update), RolloutLogic(maxUnavailable: settings.maxUnavailable)]
        }
    }
}
