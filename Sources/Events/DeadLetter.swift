/// Builds the dead-letter message for input that cannot be processed.
///
/// The original key, value and headers are kept byte for byte, so nothing is lost
/// and the message can be repaired and replayed; `dlq.*` headers say why it was
/// set aside, where it came from and when. A value larger than `maxValueBytes`
/// (which would not fit in a Kafka message next to its headers) is cut to its first
/// `maxValueBytes` bytes, and `dlq.truncated` and `dlq.original-size` say so; the
/// whole original is still at `dlq.topic`/`dlq.partition`/`dlq.offset`.
public enum DeadLetter {
    /// Header names added to a dead-lettered message.
    public enum Header {
        public static let reason = "dlq.reason"
        public static let error = "dlq.error"
        public static let topic = "dlq.topic"
        public static let partition = "dlq.partition"
        public static let offset = "dlq.offset"
        public static let time = "dlq.time"
        public static let consumer = "dlq.consumer"
        public static let truncated = "dlq.truncated"
        public static let originalSize = "dlq.original-size"
    }

    /// The most bytes of the original value a dead letter carries: with the headers,
    /// a dead letter stays under Kafka's and librdkafka's default message size (1 000 000).
    public static let maxValueBytes = 900_000

    /// Where the bad message was read from.
    public struct Origin: Sendable, Hashable {
        public var topic: String
        public var partition: Int32
        public var offset: Int64
        /// The consumer group (or role) that could not process it.
        public var consumer: String

        public init(topic: String, partition: Int32, offset: Int64, consumer: String) {
            self.topic = topic
            self.partition = partition
            self.offset = offset
            self.consumer = consumer
        }
    }

    /// The dead-letter message for `original`, which failed with `reason` and `error` (the
    /// explanation in words).
    public static func message(
        for original: EventMessage,
        reason: Reason,
        error: String,
        origin: Origin,
        at time: Int64,
        maxValueBytes: Int = DeadLetter.maxValueBytes
    ) -> EventMessage {
        var headers = original.headers
        headers.append(MessageHeader(name: Header.reason, string: reason.rawValue))
        headers.append(MessageHeader(name: Header.error, string: error))
        headers.append(MessageHeader(name: Header.topic, string: origin.topic))
        headers.append(MessageHeader(name: Header.partition, string: String(origin.partition)))
        headers.append(MessageHeader(name: Header.offset, string: String(origin.offset)))
        headers.append(MessageHeader(name: Header.time, string: RFC3339.format(millisecondsSinceEpoch: time)))
        headers.append(MessageHeader(name: Header.consumer, string: origin.consumer))
        guard original.value.count > maxValueBytes else {
            return EventMessage(key: original.key, value: original.value, headers: headers)
        }
        headers.append(MessageHeader(name: Header.truncated, string: "true"))
        headers.append(MessageHeader(name: Header.originalSize, string: String(original.value.count)))
        return EventMessage(key: original.key, value: Array(original.value.prefix(maxValueBytes)), headers: headers)
    }

    /// The dead-letter message for `original`, which could not be decoded.
    public static func message(
        for original: EventMessage,
        error: EventDecodingError,
        origin: Origin,
        at time: Int64
    ) -> EventMessage {
        message(for: original, reason: error.reason, error: error.description, origin: origin, at: time)
    }
}
