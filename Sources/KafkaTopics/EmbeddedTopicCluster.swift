import Kafka
import Logging
import Topics

/// The embedded mock cluster: topics are read through an admin client and
/// created directly in the mock, which serves no CreateTopics. The mock keeps
/// no configs, so only partitions and replication are compared.
public struct EmbeddedTopicCluster: TopicCluster {
    public let cluster: EmbeddedKafkaCluster
    let admin: KafkaAdmin
    /// How long each admin request may take.
    public var timeout: Duration

    public init(cluster: EmbeddedKafkaCluster, logger: Logger, timeout: Duration = .seconds(10)) throws(KafkaError) {
        self.cluster = cluster
        self.admin = try cluster.makeAdmin(logger: logger)
        self.timeout = timeout
    }

    public func observedTopics(named names: [String]) async throws -> [String: ObservedTopic] {
        try await admin.observedTopics(named: names, timeout: timeout)
    }

    public func createTopics(_ specs: [TopicSpec]) async throws {
        for spec in specs {
            try await cluster.createTopic(spec.name, partitions: Int32(clamping: spec.partitions), replicationFactor: Int32(clamping: spec.replicationFactor))
        }
    }
}
