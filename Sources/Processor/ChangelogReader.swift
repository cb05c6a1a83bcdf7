import Kafka
import Logging

/// Reads changelog partitions from their beginning up to their high watermarks, outside
/// any group, to rebuild a role's state before it takes over the partitions.
///
/// One consumer reads every partition of an assignment at once: a consumer per partition
/// paid its creation, connection and first fetch for each, which dominated the restore of
/// many small partitions.
struct ChangelogReader {
    let configuration: KafkaConfiguration
    let logger: Logger

    /// Calls `apply` with each record of `partitions`, in order within each partition;
    /// returns how many records each partition had. Blocks the calling thread (it runs
    /// inside the rebalance hook, on the consumer's thread).
    func read(_ partitions: [KafkaTopicPartition], _ apply: (KafkaMessage) throws -> Void) throws -> [KafkaTopicPartition: Int] {
        guard !partitions.isEmpty else { return [:] }
        var configuration = configuration
        configuration["group.id"] = nil
        // What it prefetches is garbage once applied: keep the read-ahead well under the
        // default 64 MB, so a restore does not leave its high-water mark in the heap.
        configuration = configuration.settingDefault("queued.max.messages.kbytes", "16384")
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        defer { try? consumer.closeBlocking() }
        var read: [KafkaTopicPartition: Int] = [:]
        var remaining: [KafkaTopicPartition: (next: Int64, high: Int64)] = [:]
        var assignment: [KafkaPartitionOffset] = []
        for partition in partitions {
            read[partition] = 0
            let watermarks = try consumer.queryWatermarks(of: partition)
            guard watermarks.high > watermarks.low else { continue }
            remaining[partition] = (watermarks.low, watermarks.high)
            assignment.append(KafkaPartitionOffset(topic: partition.topic, partition: partition.partition, offset: .beginning))
        }
        guard !assignment.isEmpty else { return read }
        try consumer.assign(assignment)
        // Partitions are fetched in turn, so allow the whole restore, not a per-partition time.
        let deadline = ContinuousClock.now + .seconds(120 + 5 * remaining.count)
        while !remaining.isEmpty {
            guard ContinuousClock.now < deadline else {
                let (partition, position) = remaining.min { $0.key.description < $1.key.description }!
                throw ChangelogReadError.incomplete(partition, reached: position.next, high: position.high)
            }
            let batch = try consumer.poll(maxMessages: 10_000, timeout: .milliseconds(500))
            for message in batch {
                let partition = message.topicPartition
                guard let position = remaining[partition], message.offset < position.high else { continue }
                try apply(message)
                read[partition, default: 0] += 1
                if message.offset + 1 >= position.high {
                    remaining[partition] = nil
                } else {
                    remaining[partition]?.next = message.offset + 1
                }
            }
        }
        return read
    }
}
