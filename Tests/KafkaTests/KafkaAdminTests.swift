import Testing

@testable import Kafka

@Suite("Admin: idempotent topic creation against the embedded cluster", .timeLimit(.minutes(1)))
struct KafkaAdminTests {
    @Test("creating an existing topic with the same settings twice is a no-op; a conflict says what differs")
    func createIsIdempotentAndConflictsAreExplained() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 2, logger: testLogger)
        let topic = uniqueName("admin")
        try await cluster.createTopic(topic, partitions: 6, replicationFactor: 2)
        let admin = try cluster.makeAdmin(logger: testLogger)

        let same = KafkaTopicSpecification(name: topic, partitions: 6, replicationFactor: 2)
        #expect(try await admin.createTopics([same]) == [topic: .alreadyExists])
        #expect(try await admin.createTopics([same]) == [topic: .alreadyExists])

        // The 2.0.2 mock serves no DescribeConfigs: requested configs are reported unverified, not assumed.
        var compacted = same
        compacted.configs = ["cleanup.policy": "compact"]
        let unverified = try await admin.createTopics([compacted])
        guard case .alreadyExistsConfigsUnverified(let reason)? = unverified[topic] else {
            Issue.record("expected unverified configs, got \(unverified)")
            return
        }
        #expect(reason.contains("DescribeConfigs"))

        let conflicting = KafkaTopicSpecification(name: topic, partitions: 3, replicationFactor: 1)
        let conflict = try await #require(throws: KafkaTopicConflict.self) {
            try await admin.createTopics([conflicting])
        }
        #expect(conflict.differences == [
            .init(topic: topic, setting: "partitions", existing: "6", requested: "3"),
            .init(topic: topic, setting: "replication factor", existing: "2", requested: "1"),
        ])
        #expect(conflict.description.contains("partitions is 6, requested 3"))
    }

    @Test("describe and list report partitions and replication from metadata, and say why configs are missing")
    func describeAndList() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 2, logger: testLogger)
        let topic = uniqueName("describe")
        try await cluster.createTopic(topic, partitions: 4, replicationFactor: 2)
        let admin = try cluster.makeAdmin(logger: testLogger)

        #expect(try await admin.listTopics().contains(topic))
        let description = try #require(try await admin.describeTopics([topic]).first)
        #expect(description.partitionCount == 4)
        #expect(description.replicationFactor == 2)
        #expect(description.partitions.allSatisfy { $0.leader >= 1 })
        #expect(description.configs == nil)
        #expect(description.configsUnavailableReason?.contains("DescribeConfigs") == true)

        let missing = try await #require(throws: KafkaError.self) {
            try await admin.describeTopics([uniqueName("missing")])
        }
        #expect(missing.name == "UNKNOWN_TOPIC_OR_PART")
    }

    @Test("creating a missing topic on a cluster without CreateTopics fails and says so")
    func createOnMockIsReportedUnsupported() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: testLogger)
        let spec = KafkaTopicSpecification(name: uniqueName("new"), partitions: 2)
        let admin = try cluster.makeAdmin(logger: testLogger)
        let error = try await #require(throws: KafkaError.self) { try await admin.createTopics([spec]) }
        #expect(error.reason.contains("CreateTopics"))
        #expect(error.name == "_UNSUPPORTED_FEATURE")

        // A client that assumes a real cluster sends the request, and reports the mock's silence as a timeout.
        let naive = try KafkaAdmin(configuration: cluster.configuration(), logger: testLogger)
        let timedOut = try await #require(throws: KafkaError.self) { try await naive.createTopics([spec], timeout: .seconds(1)) }
        #expect(timedOut.reason.contains("CreateTopics"))
        #expect(timedOut.isRetriable)
        #expect(try await naive.describeTopics([], timeout: .seconds(1)).isEmpty)
    }

    @Test("the embedded cluster refuses a replication factor it cannot make")
    func embeddedReplicationFactor() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 2, logger: testLogger)
        #expect(cluster.replicationFactor == 2)
        await #expect(throws: KafkaError.self) { try await cluster.createTopic(uniqueName("rf"), partitions: 1, replicationFactor: 1) }
    }
}
