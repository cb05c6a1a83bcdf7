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
    /// No offset: what `committedOffsets(for:)` gives for a partition the group committed nothing for.
    public static let unset = KafkaOffset(Int64(RD_KAFKA_OFFSET_INVALID))

    /// The number, or `beginning`, `end`, `stored`, `unset`.
    public var description: String {
        switch self {
        case .beginning: "beginning"
        case .end: "end"
        case .stored: "stored"
        case .unset: "unset"
        default: "\(rawValue)"
        }
    }
}
