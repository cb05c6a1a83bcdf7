import CRdKafka

/// The messages of the batch a poll is building, where the rebalance callback can see them.
///
/// Only the polling thread touches it (the rebalance callback runs inside its poll),
/// so it needs no lock.
final class PollBuffer: @unchecked Sendable {
    private var messages: [UnsafeMutablePointer<rd_kafka_message_t>] = []

    var count: Int { messages.count }

    func append(_ message: UnsafeMutablePointer<rd_kafka_message_t>) {
        messages.append(message)
    }

    /// Hands over the collected messages and starts empty.
    func take() -> [UnsafeMutablePointer<rd_kafka_message_t>] {
        defer { messages = [] }
        return messages
    }

    /// Destroys the collected messages of partitions this consumer no longer owns.
    func discard(_ revoked: Set<KafkaTopicPartition>) {
        messages.removeAll { message in
            let partition = KafkaTopicPartition(
                topic: String(cString: rd_kafka_topic_name(message.pointee.rkt)), partition: message.pointee.partition)
            guard revoked.contains(partition) else { return false }
            rd_kafka_message_destroy(message)
            return true
        }
    }

    /// Destroys every collected message.
    func discardAll() {
        for message in take() { rd_kafka_message_destroy(message) }
    }
}
