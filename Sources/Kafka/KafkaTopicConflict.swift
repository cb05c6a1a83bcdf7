/// A topic that exists with settings other than those asked for, and exactly what differs.
///
/// Thrown by `KafkaAdmin.createTopics` before anything is created, so that a wrong
/// partition count (which breaks co-partitioning) is never silently accepted.
public struct KafkaTopicConflict: Error, Sendable, Hashable, CustomStringConvertible {
    /// One setting that differs.
    public struct Difference: Sendable, Hashable, CustomStringConvertible {
        /// The topic.
        public var topic: String
        /// What differs: `partitions`, `replication factor`, or a config name.
        public var setting: String
        /// The value the cluster has (`(unset)` for a config it does not set).
        public var existing: String
        /// The value asked for.
        public var requested: String

        /// `topic: setting is existing, requested requested`.
        public var description: String {
            "\(topic): \(setting) is \(existing), requested \(requested)"
        }
    }

    /// Every difference found, topic by topic.
    public var differences: [Difference]

    /// All differences on one line.
    public var description: String {
        "existing topics differ from the requested ones: " + differences.map(\.description).joined(separator: "; ")
    }
}
