import Lifecycle

/// The settings of each role (`roles` in the file): the lifecycle core's settings of
/// its machine, read directly into the core's types whose defaults they keep, and
/// the two settings of the runtime around it (how often each role ticks, and the
/// rolling update's limit).
public struct RoleSettings: Sendable, Hashable, Decodable {
    /// The maintenance scheduler's (`roles.scheduler`).
    public var scheduler: MaintenanceScheduler.Settings
    /// The power controller's (`roles.power`).
    public var power: PowerController.Settings
    /// The update orchestrator's (`roles.update`).
    public var update: UpdateOrchestrator.Settings
    /// At most this many members of one cluster are disrupted at once (`roles.update.maxUnavailable`).
    public var maxUnavailable: Int
    /// How often each role emits a tick that lets due timeouts fire (`roles.<role>.tickInterval`).
    public var tickIntervals: [Role: ConfigDuration]

    /// The tick interval of a role that sets none.
    public static let defaultTickInterval = ConfigDuration.seconds(10)

    /// The settings of the three roles; the defaults are the lifecycle core's.
    public init(
        scheduler: MaintenanceScheduler.Settings = MaintenanceScheduler.Settings(),
        power: PowerController.Settings = PowerController.Settings(),
        update: UpdateOrchestrator.Settings = UpdateOrchestrator.Settings(),
        maxUnavailable: Int = ClusterRollout.defaultMaxUnavailable,
        tickIntervals: [Role: ConfigDuration] = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, defaultTickInterval) })
    ) {
        self.scheduler = scheduler
        self.power = power
        self.update = update
        self.maxUnavailable = maxUnavailable
        self.tickIntervals = tickIntervals
    }

    /// The tick interval of `role`.
    public func tickInterval(of role: Role) -> ConfigDuration { tickIntervals[role] ?? Self.defaultTickInterval }

    enum CodingKeys: String, CodingKey, CaseIterable { case scheduler, power, update }
    private enum TickKey: String, CodingKey { case tickInterval }
    private enum RolloutKey: String, CodingKey { case maxUnavailable }

    /// Reads `roles`; every key left out keeps its default.
    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let settings = try container.settingsDecoder(forKey: .scheduler) {
            try scheduler.read(from: settings)
            try readTickInterval(of: .scheduler, from: settings)
        }
        if let settings = try container.settingsDecoder(forKey: .power) {
            try power.read(from: settings)
            try readTickInterval(of: .power, from: settings)
        }
        if let settings = try container.settingsDecoder(forKey: .update) {
            try update.read(from: settings)
            try readTickInterval(of: .update, from: settings)
            maxUnavailable = try settings.container(keyedBy: RolloutKey.self).decode(forKey: .maxUnavailable, default: maxUnavailable)
        }
    }

    private mutating func readTickInterval(of role: Role, from decoder: any Decoder) throws {
        tickIntervals[role] = try decoder.container(keyedBy: TickKey.self).decode(forKey: .tickInterval, default: tickInterval(of: role))
    }
}
