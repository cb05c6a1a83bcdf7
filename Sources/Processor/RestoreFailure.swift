import Kafka

/// The state of newly assigned partitions could not be read back from their changelogs,
/// after every attempt. Processing them from a missing or partial state would lose or
/// repeat changes, so the instance stops with this error and its partitions go to another
/// instance (or to this one, restarted).
public struct RestoreFailure: Error, CustomStringConvertible, Sendable {
    /// The changelog partitions that were being read.
    public var changelogs: [KafkaTopicPartition]
    /// How many times the restore was tried.
    public var attempts: Int
    /// What the last attempt failed with.
    public var reason: String

    public init(changelogs: [KafkaTopicPartition], attempts: Int, reason: String) {
        self.changelogs = changelogs
        self.attempts = attempts
        self.reason = reason
    }

    public var description: String {
        "the state in \(changelogs.map(\.description).joined(separator: ",")) could not be restored "
            + "(\(attempts) attempt\(attempts == 1 ? "" : "s")): \(reason)"
    }
}
