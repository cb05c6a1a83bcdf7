import Lifecycle

// The lifecycle core's settings read from, and written as, the configuration: one key
// per property, under the property's name. A key left out keeps the core's default.

extension MaintenanceScheduler.Settings {
    private enum Key: String, CodingKey {
        case alwaysPerformMaintenance, window, approval, power, bootConfiguration, maintenance
        /// The old name of `window`.
        case maintenanceWindow
    }

    /// Reads `roles.scheduler` over these settings.
    mutating func read(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        alwaysPerformMaintenance = try container.decode(forKey: .alwaysPerformMaintenance, default: alwaysPerformMaintenance)
        window = try container.decodeWindow(forKey: container.key(.window, deprecated: .maintenanceWindow), default: window)
        approval = try container.decodePolicy(forKey: .approval, default: approval)
        power = try container.decodePolicy(forKey: .power, default: power)
        bootConfiguration = try container.decodePolicy(forKey: .bootConfiguration, default: bootConfiguration)
        maintenance = try container.decodePolicy(forKey: .maintenance, default: maintenance)
    }

    /// The settings as the file writes them.
    var tree: [(key: String, value: ConfigurationTree)] {
        [
            ("alwaysPerformMaintenance", .scalar("\(alwaysPerformMaintenance)")),
            ("window", window.map { .mapping([("start", .string(TimeOfDay.text($0.startMinute))), ("length", $0.length.tree)]) } ?? .null),
            ("approval", approval.tree),
            ("power", power.tree),
            ("bootConfiguration", bootConfiguration.tree),
            ("maintenance", maintenance.tree),
        ]
    }
}

extension PowerController.Settings {
    private enum Key: String, CodingKey {
        case signOfLifeTimeout, powerOn, gracefulOffTimeout, forcedOff, reboot, installReportTimeout, installOffConfirmation, requireBootId
        /// The old name of `signOfLifeTimeout`.
        case heartbeatTimeout
    }

    /// Reads `roles.power` over these settings.
    mutating func read(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        signOfLifeTimeout = try container.decodeTime(
            forKey: container.key(.signOfLifeTimeout, deprecated: .heartbeatTimeout), default: signOfLifeTimeout)
        powerOn = try container.decodePolicy(forKey: .powerOn, default: powerOn)
        gracefulOffTimeout = try container.decodeTime(forKey: .gracefulOffTimeout, default: gracefulOffTimeout)
        forcedOff = try container.decodePolicy(forKey: .forcedOff, default: forcedOff)
        reboot = try container.decodePolicy(forKey: .reboot, default: reboot)
        installReportTimeout = try container.decodeTime(forKey: .installReportTimeout, default: installReportTimeout)
        installOffConfirmation = try container.decodeTime(forKey: .installOffConfirmation, default: installOffConfirmation)
        requireBootId = try container.decode(forKey: .requireBootId, default: requireBootId)
    }

    /// The settings as the file writes them.
    var tree: [(key: String, value: ConfigurationTree)] {
        [
            ("signOfLifeTimeout", signOfLifeTimeout?.tree ?? .null),
            ("powerOn", powerOn.tree),
            ("gracefulOffTimeout", gracefulOffTimeout.tree),
            ("forcedOff", forcedOff.tree),
            ("reboot", reboot.tree),
            ("installReportTimeout", installReportTimeout?.tree ?? .null),
            ("installOffConfirmation", installOffConfirmation?.tree ?? .null),
            ("requireBootId", .scalar("\(requireBootId)")),
        ]
    }
}

extension UpdateOrchestrator.Settings {
    private enum Key: String, CodingKey { case update, serverReady, lease, slot, evacuation, reboot, restore }

    /// Reads `roles.update` over these settings.
    mutating func read(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        update = try container.decodePolicy(forKey: .update, default: update)
        serverReady = try container.decodePolicy(forKey: .serverReady, default: serverReady)
        lease = try container.decodePolicy(forKey: .lease, default: lease)
        slot = try container.decodePolicy(forKey: .slot, default: slot)
        evacuation = try container.decodePolicy(forKey: .evacuation, default: evacuation)
        reboot = try container.decodePolicy(forKey: .reboot, default: reboot)
        restore = try container.decodePolicy(forKey: .restore, default: restore)
    }

    /// The policies by key, in the file's order.
    var policies: [(key: String, policy: RetryPolicy)] {
        [
            ("update", update), ("serverReady", serverReady), ("lease", lease), ("slot", slot),
            ("evacuation", evacuation), ("reboot", reboot), ("restore", restore),
        ]
    }
}

extension RetryPolicy {
    /// `{timeout, attempts}`.
    var tree: ConfigurationTree {
        .mapping([("timeout", timeout.tree), ("attempts", .scalar("\(attempts)"))])
    }
}

extension Milliseconds {
    /// With units: `20m`.
    var tree: ConfigurationTree { ConfigDuration(self).tree }
}
