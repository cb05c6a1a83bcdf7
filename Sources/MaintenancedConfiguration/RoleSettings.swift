/// The settings of each role.
public struct RoleSettings: Sendable, Hashable, Decodable {
    /// The maintenance scheduler's.
    public var scheduler: SchedulerSettings
    /// The power controller's.
    public var power: PowerSettings
    /// The update orchestrator's.
    public var update: UpdateSettings

    /// The settings of the three roles.
    public init(
        scheduler: SchedulerSettings = SchedulerSettings(),
        power: PowerSettings = PowerSettings(),
        update: UpdateSettings = UpdateSettings()
    ) {
        self.scheduler = scheduler
        self.power = power
        self.update = update
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case scheduler, power, update }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        scheduler = try container.decode(forKey: .scheduler, default: SchedulerSettings())
        power = try container.decode(forKey: .power, default: PowerSettings())
        update = try container.decode(forKey: .update, default: UpdateSettings())
    }
}
