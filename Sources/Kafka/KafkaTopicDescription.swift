/// What a cluster says about a topic: its partitions and, where the broker serves DescribeConfigs, its configs.
public struct KafkaTopicDescription: Sendable, Hashable {
    /// One partition's leader and replicas.
    public struct Partition: Sendable, Hashable {
        /// The partition number.
        public var id: Int32
        /// The broker id of the leader (-1 when there is none).
        public var leader: Int32
        /// The broker ids holding a copy.
        public var replicas: [Int32]
        /// The replicas in sync with the leader.
        public var inSyncReplicas: [Int32]
    }

    /// The topic's name.
    public var name: String
    /// The partitions, by id.
    public var partitions: [Partition]
    /// The topic's configs by name, or `nil` when they could not be read (see `configsUnavailableReason`).
    public var configs: [String: String]?
    /// Why `configs` is `nil`, e.g. the broker (the 2.0.2 mock) does not serve DescribeConfigs.
    public var configsUnavailableReason: String?

    /// The number of partitions.
    public var partitionCount: Int32 { Int32(partitions.count) }

    /// The replication factor: the replica count of the partition with the fewest replicas.
    public var replicationFactor: Int32 { Int32(partitions.map(\.replicas.count).min() ?? 0) }
}
