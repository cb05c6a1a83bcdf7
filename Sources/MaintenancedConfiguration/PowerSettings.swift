/// Settings of the power controller (the lifecycle core's `PowerController.Settings`).
public struct PowerSettings: Sendable, Hashable, Decodable {
    /// How often the role emits a tick that lets due timeouts fire.
    public var tickInterval: ConfigDuration
    /// A ready server that shows no sign of life for this long becomes offline
    /// (unresponsive); nil disables the check.
    public var heartbeatTimeout: ConfigDuration?
    /// Each attempt of a power on.
    public var powerOn: RetrySettings
    /// How long a graceful power off may take before it is forced.
    public var gracefulOffTimeout: ConfigDuration
    /// Each attempt of a forced power off.
    public var forcedOff: RetrySettings
    /// Each attempt of a reboot, until the server is online again.
    public var reboot: RetrySettings

    /// Settings; the defaults are the lifecycle core's.
    public init(
        tickInterval: ConfigDuration = .seconds(10),
        heartbeatTimeout: ConfigDuration? = nil,
        powerOn: RetrySettings = RetrySettings(timeout: .minutes(2), attempts: 3),
        gracefulOffTimeout: ConfigDuration = .minutes(5),
        forcedOff: RetrySettings = RetrySettings(timeout: .minutes(2), attempts: 3),
        reboot: RetrySettings = RetrySettings(timeout: .minutes(15), attempts: 2)
    ) {
        self.tickInterval = tickInterval
        self.heartbeatTimeout = heartbeatTimeout
        self.powerOn = powerOn
        self.gracefulOffTimeout = gracefulOffTimeout
        self.forcedOff = forcedOff
        self.reboot = reboot
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case tickInterval, heartbeatTimeout, powerOn, gracefulOffTimeout, forcedOff, reboot
    }

    public init(from decoder: any Decoder) throws {
        let defaults = PowerSettings()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        tickInterval = try container.decode(forKey: .tickInterval, default: defaults.tickInterval)
        heartbeatTimeout = try container.decodeIfPresent(ConfigDuration.self, forKey: .heartbeatTimeout)
        powerOn = try container.decode(forKey: .powerOn, default: defaults.powerOn)
        gracefulOffTimeout = try container.decode(forKey: .gracefulOffTimeout, default: defaults.gracefulOffTimeout)
        forcedOff = try container.decode(forKey: .forcedOff, default: defaults.forcedOff)
        reboot = try container.decode(forKey: .reboot, default: defaults.reboot)
    }
}
