import Kafka

/// A changelog record this version cannot read, named so a person can look at it.
struct UnreadableChangelogRecord: Error, CustomStringConvertible {
    var partition: KafkaTopicPartition
    var offset: Int64
    var key: String
    var reason: String

    var description: String {
        "the record at offset \(offset) of \(partition) (key \(key.debugDescription)) cannot be read: \(reason)"
    }
}
