import Kafka
import Logging
import Topics

extension EmbeddedKafkaCluster {
    /// Creates the declared topics in this cluster, for the service's start-up
    /// in development: replication is fitted to what the mock gives every topic,
    /// topics that exist as declared are left alone, and a conflicting topic
    /// (another partition count) is returned in the result, creating nothing.
    public func applyTopics(_ specs: [TopicSpec], logger: Logger) async throws -> TopicApplyResult {
        let fitted = specs.map { $0.withReplicationFactor(Int(replicationFactor)) }
        let result = try await TopicApplier(specs: fitted, cluster: EmbeddedTopicCluster(cluster: self, logger: logger)).apply()
        for line in result.lines {
            if result.succeeded { logger.info("\(line)") } else { logger.error("\(line)") }
        }
        return result
    }

    /// Loads the declarations of `directory` (throwing every problem if they
    /// are invalid) and applies them as ``applyTopics(_:logger:)`` does.
    public func applyTopics(directory: String, logger: Logger) async throws -> TopicApplyResult {
        try await applyTopics(TopicCatalog.load(directory: directory).validSpecs(), logger: logger)
    }
}
