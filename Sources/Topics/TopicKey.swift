/// What a topic's record key is. Topics with the same key kind must have the
/// same partition count so that one id lands on the same partition number of
/// each (co-partitioning, docs/EVENTS.md).
public enum TopicKey: String, Sendable, Hashable, Codable, CaseIterable {
    /// A server id: every event of one server, in order.
    case server
    /// A cluster id: work that spans the members of a cluster.
    case cluster
    /// The key of the record this one stands for (dead letters keep the key
    /// of the input they could not read).
    case original
    /// No meaningful key: the producer picks the partition itself (a role's input
    /// log, one stream per partition of the server-keyed topics, which it mirrors).
    case partition
    /// An instance id of the service (the instance directory): its own bookkeeping,
    /// unrelated to the server-keyed partitions.
    case instance

    /// Whether topics with this key kind must be co-partitioned.
    public var isCoPartitioned: Bool { self != .original && self != .instance }

    /// The key kind whose topics this one must be co-partitioned with.
    public var coPartitionGroup: TopicKey { self == .partition ? .server : self }
}
