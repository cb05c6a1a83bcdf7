import Kafka

extension ServiceConfiguration {
    /// The configuration as a tree in the file's key order. Values of secret
    /// properties (passwords, keys, JAAS) are `"***"` unless `maskingSecrets` is false;
    /// the contents of `propertyFiles` never appear, only their paths.
    public func tree(maskingSecrets: Bool = true) -> ConfigurationTree {
        let properties = kafka.properties.keys.sorted().map { key in
            let value = kafka.properties[key]!
            let shown = maskingSecrets && KafkaConfiguration.isSecret(key: key) ? "***" : value
            return (key: key, value: ConfigurationTree.string(shown))
        }
        let propertyFiles = kafka.propertyFiles.keys.sorted().map { key in
            (key: key, value: ConfigurationTree.string(kafka.propertyFiles[key]!))
        }
        return .mapping([
            (
                "kafka",
                .mapping([
                    ("bootstrapServers", .string(kafka.bootstrapServers)),
                    ("clientId", .string(kafka.clientID)),
                    ("properties", .mapping(properties)),
                    ("propertyFiles", .mapping(propertyFiles)),
                ])
            ),
            (
                "groups",
                .mapping([
                    ("scheduler", .string(groups.scheduler)),
                    ("power", .string(groups.power)),
                    ("update", .string(groups.update)),
                ])
            ),
            ("topics", .mapping([("directory", topics.directory.map { .string($0) } ?? .null)])),
            ("http", .mapping([("host", .string(http.host)), ("port", .scalar("\(http.port)"))])),
            (
                "logging",
                .mapping([("level", .scalar(logging.level.rawValue)), ("format", .scalar(logging.format.rawValue))])
            ),
            (
                "roles",
                .mapping([
                    ("scheduler", roles.scheduler.tree),
                    ("power", roles.power.tree),
                    ("update", roles.update.tree),
                ])
            ),
            ("limits", .mapping([("maxEventBytes", .scalar("\(limits.maxEventBytes)"))])),
        ])
    }

    /// The effective configuration as YAML, secrets masked.
    public var maskedYAML: String { tree().yaml() }
}

extension ConfigDuration {
    var tree: ConfigurationTree { .string(description) }
}

extension RetrySettings {
    var tree: ConfigurationTree {
        .mapping([("timeout", timeout.tree), ("attempts", .scalar("\(attempts)"))])
    }
}

extension SchedulerSettings {
    var tree: ConfigurationTree {
        .mapping([
            ("tickInterval", tickInterval.tree),
            ("alwaysPerformMaintenance", .scalar("\(alwaysPerformMaintenance)")),
            (
                "maintenanceWindow",
                maintenanceWindow.map { .mapping([("start", .string($0.start)), ("length", $0.length.tree)]) } ?? .null
            ),
            ("approval", approval.tree),
            ("power", power.tree),
            ("bootConfiguration", bootConfiguration.tree),
            ("maintenance", maintenance.tree),
        ])
    }
}

extension PowerSettings {
    var tree: ConfigurationTree {
        .mapping([
            ("tickInterval", tickInterval.tree),
            ("heartbeatTimeout", heartbeatTimeout?.tree ?? .null),
            ("powerOn", powerOn.tree),
            ("gracefulOffTimeout", gracefulOffTimeout.tree),
            ("forcedOff", forcedOff.tree),
            ("reboot", reboot.tree),
        ])
    }
}

extension UpdateSettings {
    var tree: ConfigurationTree {
        .mapping([
            ("tickInterval", tickInterval.tree),
            ("maxUnavailable", .scalar("\(maxUnavailable)")),
            ("update", update.tree),
            ("serverReady", serverReady.tree),
            ("lease", lease.tree),
            ("slot", slot.tree),
            ("evacuation", evacuation.tree),
            ("reboot", reboot.tree),
            ("restore", restore.tree),
        ])
    }
}
