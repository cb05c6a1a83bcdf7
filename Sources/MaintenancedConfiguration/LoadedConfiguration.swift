import YAML

/// A loaded and valid configuration, with where its values came from.
public struct LoadedConfiguration: Sendable {
    /// The configuration.
    public var configuration: ServiceConfiguration
    /// The file it was read from; nil when only defaults and the environment were used.
    public var file: String?
    /// The environment variables that set values, in name order.
    public var overrides: [ConfigurationEnvironment.Override]
    /// What is still accepted but should change: deprecated keys, each naming where it is written.
    public var warnings: [ConfigurationProblem] = []
    /// Whether the file or the environment names `kafka.bootstrapServers`; when neither does,
    /// its value is only the default (localhost:9092), and `run` and `demo` start the embedded
    /// broker instead of connecting to it.
    public var setsBootstrapServers = false

    /// The effective configuration as YAML with secrets masked; values set by
    /// the environment carry a comment naming their variable, and brokers left at their
    /// default say that `run` does not use them.
    public var maskedYAML: String {
        var comments: [String: String] = [:]
        for override in overrides {
            let dotted = override.path.components.compactMap { component -> String? in
                if case .key(let key) = component { return key }
                return nil
            }
            comments[dotted.joined(separator: ".")] = "from \(override.variable)"
        }
        if !setsBootstrapServers { comments["kafka.bootstrapServers"] = "not set: run starts its embedded broker instead" }
        return configuration.tree().yaml(comments: comments)
    }
}
