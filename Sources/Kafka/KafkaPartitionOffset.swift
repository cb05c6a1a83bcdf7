/// A partition and an offset in it: where to start reading, or what to store and commit.
public struct KafkaPartitionOffset: Sendable, Hashable {
    /// The partition.
    public var topicPartition: KafkaTopicPartition
    /// The offset.
    public var offset: KafkaOffset

    /// Pairs a partition with an offset.
    public init(_ topicPartition: KafkaTopicPartition, _ offset: KafkaOffset) {
        self.topicPartition = topicPartition
        self.offset = offset
    }

    /// Pairs `topic[partition]` with an offset.
    public init(topic: String, partition: Int32, offset: KafkaOffset) {
        self.init(KafkaTopicPartition(topic: topic, partition: partition), offset)
    }
}
