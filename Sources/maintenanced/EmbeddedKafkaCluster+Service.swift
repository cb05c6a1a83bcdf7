import ArgumentParser
import Kafka
import KafkaTopics
import Logging
import Topics

extension EmbeddedKafkaCluster {
    /// The embedded broker of `run` and `demo`: one broker with every declared topic;
    /// prints `bootstrap=HOST:PORT` as the first line of standard output, so other
    /// clients can join.
    static func startForService(topics specs: [TopicSpec], logger: Logger) async throws -> EmbeddedKafkaCluster {
        let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: logger)
        guard try await cluster.applyTopics(specs, logger: logger).succeeded else { throw ExitStatus.failure.code }
        print("bootstrap=\(cluster.bootstrapServers)")
        flushStandardOutput()
        return cluster
    }
}

extension [TopicSpec] {
    /// Each declared topic's partition count, by name: what the role engines check keys against.
    var partitionCounts: [String: Int32] {
        Dictionary(uniqueKeysWithValues: map { ($0.name, Int32($0.partitions)) })
    }
}
