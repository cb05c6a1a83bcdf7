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
    /// What matches only as well as the cluster allows (`TopicSpec.notes(on:)`).
    public var notes: [String]

    public init(name: String, state: State, configsCompared: Bool = true, notes: [String] = []) {
        self.name = name
        self.state = state
        self.configsCompared = configsCompared
        self.notes = notes
    }

    /// The status for people: `ok` (with what was not compared or only fitted), `missing`,
    /// or what differs, one line each.
    public var lines: [String] {
        switch state {
        case .missing: return ["missing"]
        case .matching:
            let remarks = (configsCompared ? [] : ["configs not readable, not compared"]) + notes
            return [remarks.isEmpty ? "ok" : "ok (\(remarks.joined(separator: "; ")))"]
        case .differing(let differences): return differences.map { "differs: \($0)" }
        }
    }
}
