/// One topic as declared in a file under `topics/`: what Kafka needs to
/// create it, and what people need to use it (key, event types, producers
/// and consumers).
public struct TopicSpec: Sendable, Hashable, Decodable {
    /// The Kafka topic name.
    public var name: String
    /// What the topic is for.
    public var kind: TopicKind
    /// What the topic carries and why, for people.
    public var description: String
    /// What the record key is.
    public var key: TopicKey
    /// The number of partitions.
    public var partitions: Int
    /// The replication factor.
    public var replicationFactor: Int
    /// Kafka's `cleanup.policy`.
    public var cleanupPolicy: TopicCleanupPolicy
    /// Other topic configs (`retention.ms`, `min.insync.replicas`, ...), as Kafka spells them.
    public var configs: [String: String]
    /// The CloudEvents types of the records.
    public var events: [String]
    /// Who writes to the topic (`maintenanced/<role>` for the service's roles).
    public var producers: [String]
    /// Who reads from the topic (`maintenanced/<role>` for the service's roles).
    public var consumers: [String]

    public init(
        name: String, kind: TopicKind = .events, description: String, key: TopicKey, partitions: Int,
        replicationFactor: Int, cleanupPolicy: TopicCleanupPolicy = .delete, configs: [String: String] = [:],
        events: [String], producers: [String], consumers: [String]
    ) {
        self.name = name
        self.kind = kind
        self.description = description
        self.key = key
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.cleanupPolicy = cleanupPolicy
        self.configs = configs
        self.events = events
        self.producers = producers
        self.consumers = consumers
    }

    /// Every topic config Kafka should have, `cleanup.policy` included.
    public var kafkaConfigs: [String: String] {
        configs.merging(["cleanup.policy": cleanupPolicy.rawValue]) { _, policy in policy }
    }
}
