import Kafka
import KafkaTopics

extension EmbeddedKafkaCluster {
    /// A one-broker embedded cluster with every topic of `topics/` created, for one test.
    /// Its `configuration()` carries the short session and heartbeat the tests' groups want.
    static func withDeclaredTopics() async throws -> EmbeddedKafkaCluster {
        let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: DeadLetterIntegrationTests.logger)
        _ = try await cluster.applyTopics(directory: DeadLetterIntegrationTests.topicsDirectory, logger: DeadLetterIntegrationTests.logger)
        return cluster
    }
}
