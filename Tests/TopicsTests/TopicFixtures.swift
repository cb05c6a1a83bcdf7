import Topics
import YAML

/// Declarations written as text, so that tests can check lines and columns.
enum TopicFixtures {
    /// A valid declaration; `overrides` replace whole top-level lines by key.
    static func text(
        name: String, kind: String = "events", key: String = "server", partitions: String = "12",
        cleanupPolicy: String = "delete", configs: [String] = ["retention.ms: 604800000", "min.insync.replicas: 2"],
        events: [String] = ["dev.maintenanced.server.registered"],
        producers: [String] = ["server agents"], consumers: [String] = ["maintenanced/power"]
    ) -> String {
        """
        name: \(name)
        kind: \(kind)
        description: A topic for tests.
        key: \(key)
        partitions: \(partitions)
        replicationFactor: 3
        cleanupPolicy: \(cleanupPolicy)
        configs:\(configs.isEmpty ? " {}" : "")
        \(configs.map { "  " + $0 }.joined(separator: "\n"))
        events:\(events.isEmpty ? " []" : "")
        \(events.map { "  - " + $0 }.joined(separator: "\n"))
        producers:\(producers.isEmpty ? " []" : "")
        \(producers.map { "  - " + $0 }.joined(separator: "\n"))
        consumers:\(consumers.isEmpty ? " []" : "")
        \(consumers.map { "  - " + $0 }.joined(separator: "\n"))

        """
    }

    static func file(_ text: String, name: String) throws -> TopicFile {
        try TopicFile(path: "topics/\(name).yaml", text: text)
    }
}
