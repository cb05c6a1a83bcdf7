/// Settings of the maintenance scheduler (the lifecycle core's `MaintenanceScheduler.Settings`).
public struct SchedulerSettings: Sendable, Hashable, Decodable {
    /// How often the role emits a tick that lets due timeouts fire.
    public var tickInterval: ConfigDuration
    /// Start maintenances on claimed servers without the owner's approval.
    public var alwaysPerformMaintenance: Bool
    /// Maintenances start only inside this daily window; nil means any time.
    public var maintenanceWindow: MaintenanceWindowSettings?
    /// Waiting for `ok-to-maintenance` after asking (`maintenance-needed`).
    public var approval: RetrySettings
    /// Each power command before and after the maintenance.
    public var power: RetrySettings
    /// Applying and releasing the boot configuration.
    public var bootConfiguration: RetrySettings
    /// The maintenance operator's work, from ready until complete or failed.
    public var maintenance: RetrySettings

    /// Settings; the defaults are the lifecycle core's.
    public init(
        tickInterval: ConfigDuration = .seconds(10),
        alwaysPerformMaintenance: Bool = false,
        maintenanceWindow: MaintenanceWindowSettings? = nil,
        approval: RetrySettings = RetrySettings(timeout: .hours(24), attempts: 3),
        power: RetrySettings = RetrySettings(timeout: .minutes(20), attempts: 2),
        bootConfiguration: RetrySettings = RetrySettings(timeout: .minutes(10), attempts: 3),
        maintenance: RetrySettings = RetrySettings(timeout: .hours(8), attempts: 1)
    ) {
        self.tickInterval = tickInterval
        self.alwaysPerformMaintenance = alwaysPerformMaintenance
        self.maintenanceWindow = maintenanceWindow
        self.approval = approval
        self.power = power
        self.bootConfiguration = bootConfiguration
        self.maintenance = maintenance
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case tickInterval, alwaysPerformMaintenance, maintenanceWindow, approval, power, bootConfiguration, maintenance
    }

    public init(from decoder: any Decoder) throws {
        let defaults = SchedulerSettings()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tickInterval = try container.decode(forKey: .tickInterval, default: defaults.tickInterval)
        alwaysPerformMaintenance = try container.decode(
            forKey: .alwaysPerformMaintenance, default: defaults.alwaysPerformMaintenance)
        maintenanceWindow = try container.decodeIfPresent(MaintenanceWindowSettings.self, forKey: .maintenanceWindow)
        approval = try container.decode(forKey: .approval, default: defaults.approval)
        power = try container.decode(forKey: .power, default: defaults.power)
        bootConfiguration = try container.decode(forKey: .bootConfiguration, default: defaults.bootConfiguration)
        maintenance = try container.decode(forKey: .maintenance, default: defaults.maintenance)
    }
}
