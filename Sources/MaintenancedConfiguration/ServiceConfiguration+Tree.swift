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
            (
                "state",
                .mapping([
                    ("directory", state.directory.map { .string($0) } ?? .null),
                    ("snapshotInterval", state.snapshotInterval?.tree ?? .null),
                ])
            ),
            ("http", .mapping([("host", .string(http.host)), ("port", .scalar("\(http.port)"))])),
            (
                "logging",
                .mapping([("level", .scalar(logging.level.rawValue)), ("format", .scalar(logging.format.rawValue))])
            ),
            (
                "roles",
                .mapping([
                    ("scheduler", .mapping([("tickInterval", roles.tickInterval(of: .scheduler).tree)] + roles.scheduler.tree)),
                    ("power", .mapping([("tickInterval", roles.tickInterval(of: .power).tree)] + roles.power.tree)),
                    (
                        "update",
                        .mapping(
                            [("tickInterval", roles.tickInterval(of: .update).tree), ("maxUnavailable", .scalar("\(roles.maxUnavailable)"))]
                                + roles.update.policies.map { ($0.key, $0.policy.tree) })
                    ),
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
