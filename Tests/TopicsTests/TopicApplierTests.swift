import Testing
import Topics

@Suite("applying the declared topics to a cluster") struct TopicApplierTests {
    func spec(_ name: String, partitions: Int = 12) -> TopicSpec {
        TopicSpec(
            name: name, description: "d", key: .server, partitions: partitions, replicationFactor: 3,
            configs: ["retention.ms": "1000", "min.insync.replicas": "2"],
            events: ["dev.maintenanced.a.b"], producers: ["p"], consumers: ["c"])
    }

    @Test("applying twice changes nothing the second time") func applyTwiceIsANoOp() async throws {
        let cluster = FakeTopicCluster()
        let applier = TopicApplier(specs: [spec("a"), spec("b")], cluster: cluster)
        let first = try await applier.apply()
        #expect(first == TopicApplyResult(created: ["a", "b"]))
        let second = try await applier.apply()
        #expect(second == TopicApplyResult(unchanged: ["a", "b"]))
        #expect(await cluster.createCalls == [["a", "b"]])
        #expect(try await applier.status().map(\.state) == [.matching, .matching])
    }

    @Test("a conflict creates nothing and says what differs") func conflictCreatesNothingAndSaysWhatDiffers() async throws {
        let existing = ObservedTopic(name: "a", partitions: 6, replicationFactor: 3, configs: nil)
        let cluster = FakeTopicCluster(topics: [existing])
        let result = try await TopicApplier(specs: [spec("a"), spec("b")], cluster: cluster).apply()
        #expect(!result.succeeded)
        #expect(result.lines == ["conflict a: differs: partitions: declared 12, on the broker 6"])
        #expect(await cluster.createCalls.isEmpty)
    }

    @Test("the status of a missing topic says it is missing") func statusOfMissingTopics() async throws {
        let statuses = try await TopicApplier(specs: [spec("a")], cluster: FakeTopicCluster()).status()
        #expect(statuses == [TopicStatus(name: "a", state: .missing)])
        #expect(statuses[0].lines == ["missing"])
    }

    @Test("the status says when configs were not compared") func statusSaysWhenConfigsWereNotCompared() async throws {
        let cluster = FakeTopicCluster(topics: [ObservedTopic(name: "a", partitions: 12, replicationFactor: 3, configs: nil)])
        let statuses = try await TopicApplier(specs: [spec("a")], cluster: cluster).status()
        #expect(statuses == [TopicStatus(name: "a", state: .matching, configsCompared: false)])
        #expect(statuses[0].lines == ["ok (configs not readable, not compared)"])
    }

    @Test("on a cluster of fewer brokers than the declared replication factor, a topic replicated on all of them matches, with a note; one replicated on fewer does not")
    func replicationFittedToASmallCluster() async throws {
        let cluster = FakeTopicCluster(topics: [
            ObservedTopic(name: "a", partitions: 12, replicationFactor: 1, configs: ["retention.ms": "1000", "min.insync.replicas": "1", "cleanup.policy": "delete"], clusterBrokers: 1),
            ObservedTopic(name: "b", partitions: 12, replicationFactor: 1, configs: nil, clusterBrokers: 2),
            ObservedTopic(name: "c", partitions: 12, replicationFactor: 1, configs: ["retention.ms": "1000", "min.insync.replicas": "2", "cleanup.policy": "delete"], clusterBrokers: 1),
            ObservedTopic(name: "d", partitions: 12, replicationFactor: 1, configs: nil),
        ])
        let statuses = try await TopicApplier(specs: ["a", "b", "c", "d"].map { spec($0) }, cluster: cluster).status()
        #expect(statuses.map(\.lines) == [
            ["ok (replication factor 1, declared 3: the cluster has 1 broker)"],
            ["differs: replication factor: declared 3, on the broker 1"],
            // Fitted to one broker, min.insync.replicas 2 cannot be met: a difference.
            ["differs: min.insync.replicas: declared 1, on the broker 2"],
            // The broker count unknown: nothing is fitted.
            ["differs: replication factor: declared 3, on the broker 1"],
        ])
        let result = try await TopicApplier(specs: [spec("a")], cluster: cluster).apply()
        #expect(result == TopicApplyResult(unchanged: ["a"]))
    }

    @Test("fitted to a small cluster, the replication factor and min.insync.replicas go down") func fittingToASmallCluster() {
        let fitted = spec("a").withReplicationFactor(1)
        #expect(fitted.replicationFactor == 1)
        #expect(fitted.configs["min.insync.replicas"] == "1")
        #expect(spec("a").withReplicationFactor(3) == spec("a"))
    }
}
