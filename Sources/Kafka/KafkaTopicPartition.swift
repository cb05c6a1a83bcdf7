import CRdKafka

/// One partition of one topic.
public struct KafkaTopicPartition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The topic's name.
    public var topic: String
    /// The partition number, from 0.
    public var partition: Int32

    /// Names a partition.
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    /// Orders by topic, then partition.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }

    /// `topic[partition]`.
    public var description: String { "\(topic)[\(partition)]" }
}

extension KafkaTopicPartition {
    /// The partitions of a librdkafka partition list.
    static func array(from list: UnsafePointer<rd_kafka_topic_partition_list_t>) -> [KafkaTopicPartition] {
        (0..<Int(list.pointee.cnt)).map { index in
            let element = list.pointee.elems[index]
            return KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)
        }
    }

    /// Calls `body` with a librdkafka list of `partitions`, each with the offset `offset(partition)`.
    static func withList<R>(
        _ partitions: [KafkaTopicPartition],
        offset: (Int) -> Int64 = { _ in Int64(RD_KAFKA_OFFSET_INVALID) },
        _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws(KafkaError) -> R
    ) throws(KafkaError) -> R {
        let list = rd_kafka_topic_partition_list_new(Int32(partitions.count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for (index, partition) in partitions.enumerated() {
            rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition).pointee.offset = offset(index)
        }
        return try body(list)
    }
}
