import Kafka

/// Why a changelog could not be read back on assignment.
enum ChangelogReadError: Error, CustomStringConvertible {
    /// The partition was not read to its end in the time allowed.
    case incomplete(KafkaTopicPartition, reached: Int64, high: Int64)
    /// A record holds a value this version cannot read (named so a person can look at it).
    case unreadableRecord(KafkaTopicPartition, offset: Int64, key: String, reason: String)

    var description: String {
        switch self {
        case let .incomplete(partition, reached, high):
            "restoring \(partition) stopped at offset \(reached) of \(high)"
        case let .unreadableRecord(partition, offset, key, reason):
            "the record at offset \(offset) of \(partition) (key \(key.debugDescription)) cannot be read: \(reason)"
        }
    }
}
