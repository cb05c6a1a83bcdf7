import Topics

/// A cluster in memory that records what it is asked to create.
actor FakeTopicCluster: TopicCluster {
    private(set) var topics: [String: ObservedTopic] = [:]
    private(set) var createCalls: [[String]] = []

    init(topics: [ObservedTopic] = []) {
        for topic in topics { self.topics[topic.name] = topic }
    }

    func observedTopics(named names: [String]) async throws -> [String: ObservedTopic] {
        topics.filter { names.contains($0.key) }
    }

    func createTopics(_ specs: [TopicSpec]) async throws {
        createCalls.append(specs.map(\.name))
        for spec in specs {
            topics[spec.name] = ObservedTopic(
                name: spec.name, partitions: spec.partitions, replicationFactor: spec.replicationFactor,
                configs: spec.kafkaConfigs)
        }
    }
}
