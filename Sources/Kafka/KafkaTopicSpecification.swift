/// The topic a service needs: its partition count, replication factor and configs.
public struct KafkaTopicSpecification: Sendable, Hashable {
    /// The topic's name.
    public var name: String
    /// How many partitions; keyed-by-server topics share one count (co-partitioning).
    public var partitions: Int32
    /// How many copies of each partition the cluster keeps.
    public var replicationFactor: Int32
    /// Topic configs such as `cleanup.policy=compact`; only these are compared on an existing topic.
    public var configs: [String: String]

    /// Describes a topic to create or check.
    public init(name: String, partitions: Int32, replicationFactor: Int32 = 1, configs: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
    }
}
