import Kafka
import Topics

/// A Kafka cluster reached through the admin client: topics are read from
/// metadata and DescribeConfigs and created with CreateTopics.
public struct KafkaTopicCluster: TopicCluster {
    public let admin: KafkaAdmin
    /// How long each admin request may take.
    public var timeout: Duration

    public init(admin: KafkaAdmin, timeout: Duration = .seconds(30)) {
        self.admin = admin
        self.timeout = timeout
    }

    public func observedTopics(named names: [String]) async throws -> [String: ObservedTopic] {
        try await admin.observedTopics(named: names, timeout: timeout)
    }

    public func createTopics(_ specs: [TopicSpec]) async throws {
        _ = try await admin.createTopics(specs.map(\.kafkaSpecification), timeout: timeout)
    }
}

extension TopicSpec {
    /// The declaration as the Kafka admin client takes it.
    public var kafkaSpecification: KafkaTopicSpecification {
        KafkaTopicSpecification(
            name: name, partitions: Int32(clamping: partitions), replicationFactor: Int32(clamping: replicationFactor), configs: kafkaConfigs)
    }
}
