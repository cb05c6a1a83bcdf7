import Kafka
import Logging

/// The same loops as the C baseline, through the Swift client's public API.
enum SwiftLoops {
    /// Sends every message, then awaits the delivery of all of them through one ticket.
    static func produce(cluster: EmbeddedKafkaCluster, topic: String, options: BenchmarkOptions, logger: Logger) async throws -> BenchmarkResult {
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: logger)
        let value = [UInt8](repeating: UInt8(ascii: "a"), count: options.valueSize)
        let keys = (0..<options.keyCount).map { Array("server-\($0)".utf8) }
        let clock = ContinuousClock()
        let start = clock.now
        var failures = 0
        for index in 0..<options.messages {
            _ = try await producer.send(KafkaProducerMessage(topic: topic, key: keys[index % options.keyCount], value: value))
        }
        do {
            try await producer.flush()
        } catch {
            failures += 1
        }
        let seconds = (clock.now - start).seconds
        try await producer.close()
        return BenchmarkResult(seconds: seconds, messages: failures == 0 ? options.messages : 0, bytes: options.messages * options.valueSize, failures: failures)
    }

    /// Assigns every partition from the beginning and reads batches until the count is reached.
    static func consume(cluster: EmbeddedKafkaCluster, topic: String, options: BenchmarkOptions, logger: Logger) async throws -> BenchmarkResult {
        let consumer = try KafkaConsumer(configuration: cluster.configuration(), logger: logger)
        let clock = ContinuousClock()
        let start = clock.now
        try consumer.assign((0..<options.partitions).map { KafkaPartitionOffset(topic: topic, partition: $0, offset: .beginning) })
        var messages = 0
        var bytes = 0
        for try await batch in consumer.batches(maxMessages: 2000) {
            for message in batch { bytes += message.valueCount }
            messages += batch.count
            if messages >= options.messages { break }
        }
        let seconds = (clock.now - start).seconds
        try await consumer.close()
        return BenchmarkResult(seconds: seconds, messages: messages, bytes: bytes, failures: 0)
    }
}
