/// Compares declared topics with a cluster and creates the missing ones,
/// idempotently: applying twice changes nothing the second time, and a topic
/// that exists with other settings is reported, never altered.
public struct TopicApplier: Sendable {
    public var specs: [TopicSpec]
    public var cluster: any TopicCluster

    public init(specs: [TopicSpec], cluster: any TopicCluster) {
        self.specs = specs
        self.cluster = cluster
    }

    /// The status of each declared topic on the cluster, in declaration order.
    public func status() async throws -> [TopicStatus] {
        let observed = try await cluster.observedTopics(named: specs.map(\.name))
        return specs.map { spec in
            guard let topic = observed[spec.name] else { return TopicStatus(name: spec.name, state: .missing) }
            let differences = spec.differences(from: topic)
            return TopicStatus(
                name: spec.name, state: differences.isEmpty ? .matching : .differing(differences),
                configsCompared: topic.configs != nil, notes: spec.notes(on: topic))
        }
    }

    /// Creates the missing topics, unless some existing topic conflicts with
    /// its declaration: then nothing is created and the conflicts are returned.
    public func apply() async throws -> TopicApplyResult {
        let statuses = try await status()
        var result = TopicApplyResult()
        var missing: [TopicSpec] = []
        for (spec, status) in zip(specs, statuses) {
            switch status.state {
            case .missing: missing.append(spec)
            case .matching: result.unchanged.append(spec.name)
            case .differing: result.conflicts.append(status)
            }
        }
        guard result.succeeded else { return result }
        if !missing.isEmpty {
            try await cluster.createTopics(missing)
        }
        result.created = missing.map(\.name)
        return result
    }
}
