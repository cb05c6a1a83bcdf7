/// Settings of the update orchestrator (the lifecycle core's `UpdateOrchestrator.Settings`
/// and the rolling update's limit).
public struct UpdateSettings: Sendable, Hashable, Decodable {
    /// How often the role emits a tick that lets due timeouts fire.
    public var tickInterval: ConfigDuration
    /// At most this many members of one cluster are disrupted at once.
    public var maxUnavailable: Int
    /// From triggering the update until it finished applying.
    public var update: RetrySettings
    /// Waiting for the server to be ready before a step that needs it.
    public var serverReady: RetrySettings
    /// Waiting for the scheduler's disruption lease.
    public var lease: RetrySettings
    /// Waiting for the cluster's rollout slot.
    public var slot: RetrySettings
    /// From triggering evacuation until the evacuation completed.
    public var evacuation: RetrySettings
    /// From triggering the reboot until the server is online again.
    public var reboot: RetrySettings
    /// From triggering restore until the restore completed.
    public var restore: RetrySettings

    /// Settings; the defaults are the lifecycle core's.
    public init(
        tickInterval: ConfigDuration = .seconds(10),
        maxUnavailable: Int = 1,
        update: RetrySettings = RetrySettings(timeout: .minutes(60), attempts: 2),
        serverReady: RetrySettings = RetrySettings(timeout: .minutes(30), attempts: 4),
        lease: RetrySettings = RetrySettings(timeout: .hours(6), attempts: 4),
        slot: RetrySettings = RetrySettings(timeout: .hours(6), attempts: 4),
        evacuation: RetrySettings = RetrySettings(timeout: .minutes(30), attempts: 2),
        reboot: RetrySettings = RetrySettings(timeout: .minutes(30), attempts: 2),
        restore: RetrySettings = RetrySettings(timeout: .minutes(30), attempts: 2)
    ) {
        self.tickInterval = tickInterval
        self.maxUnavailable = maxUnavailable
        self.update = update
        self.serverReady = serverReady
        self.lease = lease
        self.slot = slot
        self.evacuation = evacuation
        self.reboot = reboot
        self.restore = restore
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case tickInterval, maxUnavailable, update, serverReady, lease, slot, evacuation, reboot, restore
    }

    public init(from decoder: any Decoder) throws {
        let defaults = UpdateSettings()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tickInterval = try container.decode(forKey: .tickInterval, default: defaults.tickInterval)
        maxUnavailable = try container.decode(forKey: .maxUnavailable, default: defaults.maxUnavailable)
        update = try container.decode(forKey: .update, default: defaults.update)
        serverReady = try container.decode(forKey: .serverReady, default: defaults.serverReady)
        lease = try container.decode(forKey: .lease, default: defaults.lease)
        slot = try container.decode(forKey: .slot, default: defaults.slot)
        evacuation = try container.decode(forKey: .evacuation, default: defaults.evacuation)
        reboot = try container.decode(forKey: .reboot, default: defaults.reboot)
        restore = try container.decode(forKey: .restore, default: defaults.restore)
    }
}
