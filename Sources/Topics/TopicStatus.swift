/// How a declared topic stands on a cluster.
public struct TopicStatus: Sendable, Hashable {
    /// Whether the topic exists and matches its declaration.
    public enum State: Sendable, Hashable {
        /// The topic does not exist.
        case missing
        /// The topic exists with the declared settings.
        case matching
        /// The topic exists with other settings, one line per difference.
        case differing([String])
    }

    public var name: String
    public var state: State
    /// Whether the topic's configs were compared; brokers that serve no
    /// DescribeConfigs (the embedded mock) allow only partitions and replication.
    public var configsCompared: Bool

    public init(name: String, state: State, configsCompared: Bool = true) {
        self.name = name
        self.state = state
        self.configsCompared = configsCompared
    }

    /// The status for people: `ok`, `missing`, or what differs, one line each.
    public var lines: [String] {
        switch state {
        case .missing: ["missing"]
        case .matching: [configsCompared ? "ok" : "ok (configs not readable, not compared)"]
        case .differing(let differences): differences.map { "differs: \($0)" }
        }
    }
}
