import Kafka
import KafkaTopics
import Logging

extension EmbeddedKafkaCluster {
    /// An embedded cluster of `brokers` brokers with every topic of the repository's topics/
    /// created, for one test. Its `configuration()` carries the short session and heartbeat
    /// the tests' groups want.
    public static func withDeclaredTopics(brokers: Int = 1, logger: Logger) async throws -> EmbeddedKafkaCluster {
        let cluster = try EmbeddedKafkaCluster(brokers: brokers, logger: logger)
        _ = try await cluster.applyTopics(directory: RepositoryFiles.topicsDirectory, logger: logger)
        return cluster
    }
}
