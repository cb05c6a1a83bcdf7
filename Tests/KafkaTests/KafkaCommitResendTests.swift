import MaintenancedTesting
@testable import Kafka
import Testing

/// librdkafka's auto-commit is off (its commit of the partitions a close unassigns can abort
/// the process); the consumer sends owed offsets again itself (`CommitLedger`).
@Suite("Offsets a commit left owed", .timeLimit(.minutes(1)))
struct KafkaCommitResendTests {
    /// Offset commits refused with REBALANCE_IN_PROGRESS, as the mock answers while its group rebalances.
    static let rebalanceInProgress: Int32 = 27

    /// A group consumer of `topic`'s one partition that has read its one message and stored the offset after it.
    func consumerThatStored(_ cluster: EmbeddedKafkaCluster, topic: String, group: String) async throws -> KafkaConsumer {
        let consumer = try KafkaConsumer(
            configuration: cluster.configuration(["group.id": group, "auto.commit.interval.ms": "300"]), logger: testLogger)
        try consumer.assign([KafkaPartitionOffset(topic: topic, partition: 0, offset: .beginning)])
        let records = try await consumer.collect(1)
        #expect(records.count == 1)
        return consumer
    }

    func committed(_ consumer: KafkaConsumer, _ topic: String) async throws -> Int64? {
        try await consumer.committed(for: [KafkaTopicPartition(topic: topic, partition: 0)]).first?.offset.rawValue
    }

    @Test("offsets a refused commit left owed are sent again while the consumer polls with nothing to read")
    func refusedCommitIsResent() async throws {
        let (cluster, topic) = try await clusterWithTopic("resend", partitions: 1)
        try await connectedProducer(cluster, topic: topic).close()
        let consumer = try await consumerThatStored(cluster, topic: topic, group: uniqueName("resend"))
        try cluster.pushBrokerRequestErrors(broker: 1, .offsetCommit, errors: [(code: Self.rebalanceInProgress, roundTripMilliseconds: 0)])
        let refusal = await #expect(throws: KafkaError.self) { try await consumer.commit() }
        #expect(refusal?.defersCommit == true)
        #expect(consumer.commits.owes)
        #expect(try await committed(consumer, topic) == KafkaOffset.unset.rawValue)

        // No batch follows and nobody commits: the polls alone send the owed offset.
        try await waitUntil("the owed offset is committed", timeout: .seconds(15)) {
            _ = try? await consumer.nextBatch(maxMessages: 10, timeout: .milliseconds(100))
            return (try? await committed(consumer, topic)) == 1
        }
        #expect(consumer.commits.resends >= 1)
        try await waitUntil("the resend is confirmed", timeout: .seconds(5)) { !consumer.commits.owes }
        try await consumer.close()
    }

    @Test("a consumer whose commits are confirmed sends nothing again")
    func confirmedCommitIsNotResent() async throws {
        let (cluster, topic) = try await clusterWithTopic("confirmed", partitions: 1)
        try await connectedProducer(cluster, topic: topic).close()
        let consumer = try await consumerThatStored(cluster, topic: topic, group: uniqueName("confirmed"))
        try await consumer.commit()
        #expect(!consumer.commits.owes)
        // Three intervals of idle polls.
        let end = ContinuousClock.now + .milliseconds(900)
        while ContinuousClock.now < end { _ = try await consumer.nextBatch(maxMessages: 10, timeout: .milliseconds(100)) }
        #expect(consumer.commits.resends == 0)
        #expect(try await committed(consumer, topic) == 1)
        try await consumer.close()
    }

    @Test("a close commits nothing: what is stored and owed stays uncommitted")
    func closeCommitsNothing() async throws {
        let (cluster, topic) = try await clusterWithTopic("close", partitions: 1)
        try await connectedProducer(cluster, topic: topic).close()
        let group = uniqueName("close")
        let consumer = try await consumerThatStored(cluster, topic: topic, group: group)
        #expect(consumer.commits.owes)
        try await consumer.close()
        let inspector = try KafkaConsumer(configuration: cluster.configuration(["group.id": group]), logger: testLogger)
        #expect(try await committed(inspector, topic) == KafkaOffset.unset.rawValue)
        try await inspector.close()
    }
}
