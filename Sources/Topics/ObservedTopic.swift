/// A topic as a broker reports it, for comparing with its declaration.
public struct ObservedTopic: Sendable, Hashable {
    public var name: String
    public var partitions: Int
    public var replicationFactor: Int
    /// The topic's configs, or `nil` when the broker could not say.
    public var configs: [String: String]?
    /// How many brokers the cluster reported beside it; nil when not asked.
    public var clusterBrokers: Int?

    public init(name: String, partitions: Int, replicationFactor: Int, configs: [String: String]?, clusterBrokers: Int? = nil) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
        self.clusterBrokers = clusterBrokers
    }
}
