extension TopicSpec {
    /// How the topic on the broker differs from this declaration, one line a
    /// setting (`partitions: declared 12, on the broker 6`); empty when it matches.
    /// Only the configs the declaration sets are compared: brokers report
    /// defaults for all others.
    public func differences(from observed: ObservedTopic) -> [String] {
        var differences: [String] = []
        if observed.partitions != partitions {
            differences.append("partitions: declared \(partitions), on the broker \(observed.partitions)")
        }
        if observed.replicationFactor != replicationFactor {
            differences.append("replication factor: declared \(replicationFactor), on the broker \(observed.replicationFactor)")
        }
        guard let configs = observed.configs else { return differences }
        for (key, value) in kafkaConfigs.sorted(by: { $0.key < $1.key }) {
            let actual = configs[key]
            if actual.map({ Self.normalized(key, $0) }) != Self.normalized(key, value) {
                differences.append("\(key): declared \(value), on the broker \(actual ?? "not set")")
            }
        }
        return differences
    }

    /// A config value in a form that compares equal when Kafka means the same:
    /// `cleanup.policy` is a set.
    private static func normalized(_ key: String, _ value: String) -> String {
        guard key == "cleanup.policy" else { return value }
        return value.split(separator: ",").map { $0.trimmingWhitespace }.sorted().joined(separator: ",")
    }
}

extension Substring {
    fileprivate var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
