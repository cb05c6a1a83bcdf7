extension TopicSpec {
    /// How the topic on the broker differs from this declaration, one line a
    /// setting (`partitions: declared 12, on the broker 6`); empty when it matches.
    /// Only the configs the declaration sets are compared: brokers report
    /// defaults for all others.
    /// A replication factor as high as the cluster has brokers, below the declared one, is
    /// not a difference (a development cluster of one broker, the embedded one among them,
    /// cannot give more; `notes(on:)` says so): the topic is compared with the declaration
    /// fitted to it (`withReplicationFactor`, min.insync.replicas with it).
    public func differences(from observed: ObservedTopic) -> [String] {
        guard !replicationFittedToCluster(observed) else {
            return withReplicationFactor(observed.replicationFactor).differences(from: observed)
        }
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

    /// What matches only as well as the cluster allows: a replication factor fitted to a
    /// cluster with fewer brokers than declared.
    public func notes(on observed: ObservedTopic) -> [String] {
        guard replicationFittedToCluster(observed) else { return [] }
        let brokers = observed.clusterBrokers ?? 0
        return ["replication factor \(observed.replicationFactor), declared \(replicationFactor): the cluster has \(brokers) broker\(brokers == 1 ? "" : "s")"]
    }

    /// Whether the replication factor on the cluster is the declared one fitted to fewer brokers.
    private func replicationFittedToCluster(_ observed: ObservedTopic) -> Bool {
        guard let brokers = observed.clusterBrokers else { return false }
        return observed.replicationFactor < replicationFactor && observed.replicationFactor == brokers
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
