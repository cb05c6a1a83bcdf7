import Kafka
import Logging

/// Reads one changelog partition from its beginning up to its high watermark,
/// outside any group, to rebuild a role's state before it takes over the partition.
struct ChangelogReader {
    let configuration: KafkaConfiguration
    let logger: Logger

    /// Calls `apply` with each record of `partition`, in order; returns how many it read.
    /// Blocks the calling thread (it runs inside the rebalance hook, on the consumer's thread).
    func read(topic: String, partition: Int32, _ apply: (KafkaMessage) throws -> Void) throws -> Int {
        var configuration = configuration
        configuration["group.id"] = nil
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        defer { try? consumer.closeBlocking() }
        let watermarks = try consumer.queryWatermarks(of: KafkaTopicPartition(topic: topic, partition: partition))
        guard watermarks.high > watermarks.low else { return 0 }
        try consumer.assign([KafkaPartitionOffset(topic: topic, partition: partition, offset: .beginning)])
        var read = 0
        var next = watermarks.low
        let deadline = ContinuousClock.now + .seconds(120)
        while next < watermarks.high {
            guard ContinuousClock.now < deadline else {
                throw RestoreError(topic: topic, partition: partition, reached: next, high: watermarks.high)
            }
            let batch = try consumer.poll(maxMessages: 10_000, timeout: .milliseconds(500))
            for message in batch {
                try apply(message)
                read += 1
                next = message.offset + 1
            }
        }
        return read
    }
}

/// A changelog partition could not be read to its end in time.
struct RestoreError: Error, CustomStringConvertible {
    var topic: String
    var partition: Int32
    var reached: Int64
    var high: Int64

    var description: String { "restoring \(topic)[\(partition)] stopped at offset \(reached) of \(high)" }
}
