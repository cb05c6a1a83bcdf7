/// Kafka's `cleanup.policy` of a topic.
public enum TopicCleanupPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Old segments are deleted after `retention.ms` / `retention.bytes`.
    case delete
    /// Only the newest record of each key is kept.
    case compact
    /// Compacted, and old segments are also deleted.
    case compactAndDelete = "compact,delete"
}
