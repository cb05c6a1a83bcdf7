import Events
import Foundation
import Kafka
import KafkaTopics
import Logging
import Topics

/// An embedded mock cluster with the declared topics, every one at the same partition
/// count, and the checks that the mock's retention kept everything written to it.
public struct BenchmarkCluster: Sendable {
    /// The cluster, in this process.
    public let cluster: EmbeddedKafkaCluster
    /// The partition count of every topic.
    public let partitions: Int32
    let logger: Logger

    /// Starts a one-broker cluster and creates the declared topics (those of `topicsDirectory`,
    /// or the built-in ones when it is nil) with `partitions` partitions each.
    public init(partitions: Int32, topicsDirectory: String?, logger: Logger) async throws {
        let specs = try TopicCatalog.load(from: TopicSource(directory: topicsDirectory)).validSpecs().map { spec in
            var spec = spec
            spec.partitions = Int(partitions)
            return spec
        }
        cluster = try EmbeddedKafkaCluster(brokers: 1, logger: logger)
        let result = try await cluster.applyTopics(specs, logger: logger)
        guard result.succeeded else { throw BenchmarkError("creating the topics failed: \(result)") }
        try cluster.createTopic(PassThrough.outputTopic, partitions: partitions)
        self.partitions = partitions
        self.logger = logger
    }

    /// The configuration of a client of this cluster (with the mock's client defaults).
    ///
    /// Idle fetching is off (`consumer.idle.pause.ms` 0): the benchmarks measure a flow of
    /// events, and a consumer paused at rest before a run would add up to a probe interval
    /// to its first latencies.
    public func configuration(_ properties: [String: String] = [:]) -> KafkaConfiguration {
        cluster.configuration([KafkaConfiguration.idlePauseProperty: "0"].merging(properties) { $1 })
    }

    /// Produces `records`, each to its key's murmur2 partition, and waits for all deliveries.
    public func produce(_ records: [InputRecord]) async throws {
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: logger)
        for record in records {
            let partition = Partitioner.partition(of: record.key, count: partitions)
            _ = try await producer.send(record.message.producerMessage(topic: record.topic, partition: partition))
        }
        try await producer.flush()
        try await producer.close()
    }

    /// The end offsets of every partition of `topics`; throws if the mock dropped anything
    /// (a low watermark above 0) or the topics do not hold `expected` messages in all.
    public func endOffsets(of topics: [String], expected: Int) throws -> [KafkaPartitionOffset] {
        let consumer = try KafkaConsumer(configuration: cluster.configuration(), logger: logger)
        defer { try? consumer.closeBlocking() }
        var ends: [KafkaPartitionOffset] = []
        var total: Int64 = 0
        for topic in topics {
            for partition in 0..<partitions {
                let marks = try consumer.queryWatermarks(of: KafkaTopicPartition(topic: topic, partition: partition))
                guard marks.low == 0 else {
                    throw BenchmarkError("the mock dropped \(marks.low) messages of \(topic)[\(partition)]: beyond its retention; add partitions")
                }
                total += marks.high
                ends.append(KafkaPartitionOffset(topic: topic, partition: partition, offset: KafkaOffset(marks.high)))
            }
        }
        guard total == Int64(expected) else { throw BenchmarkError("\(topics) hold \(total) messages, \(expected) were written") }
        return ends
    }
}
