import CRdKafka

/// Where to start reading a partition: an exact offset or one of Kafka's logical offsets.
public struct KafkaOffset: Sendable, Hashable, CustomStringConvertible {
    /// The offset as librdkafka takes it (logical offsets are negative).
    public let rawValue: Int64

    /// The exact offset `offset` (0 or more).
    public init(_ offset: Int64) {
        rawValue = offset
    }

    /// The oldest message still in the partition.
    public static let beginning = KafkaOffset(Int64(RD_KAFKA_OFFSET_BEGINNING))
    /// After the newest message: only messages produced from now on.
    public static let end = KafkaOffset(Int64(RD_KAFKA_OFFSET_END))
    /// The group's committed offset (falling back to `auto.offset.reset`).
    public static let stored = KafkaOffset(Int64(RD_KAFKA_OFFSET_STORED))

    /// The number, or `beginning`, `end`, `stored`.
    public var description: String {
        switch self {
        case .beginning: "beginning"
        case .end: "end"
        case .stored: "stored"
        default: "\(rawValue)"
        }
    }
}

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

/// The low and high watermarks of a partition: its first offset and the offset after its last message.
public struct KafkaWatermarks: Sendable, Hashable {
    /// The oldest offset still in the partition.
    public var low: Int64
    /// The offset the next message will get; the partition is read through when a consumer reaches it.
    public var high: Int64

    /// Creates watermarks.
    public init(low: Int64, high: Int64) {
        self.low = low
        self.high = high
    }
}
