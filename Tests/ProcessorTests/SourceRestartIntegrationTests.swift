import Contracts
import Events
import Foundation
import Kafka
import KafkaTopics
import Lifecycle
import MaintenancedTesting
import Processor
import Testing

/// A source whose committed offset lies above its end (the topic deleted and created again since
/// the group read it: the embedded broker cannot delete a topic, so the group's offset is set
/// above the end, which is what a recreated topic leaves): the consumer resets to where the
/// partition starts and reads it from there, below where the group stood. The instance takes
/// that for a restart of the source's offsets (`ReusedSourceOffsetTests`): it logs and counts
/// it, folds the records as new events, and commits where the source stands now.
@Suite("A source whose committed offset is above its end starts again where the partition starts", .timeLimit(.minutes(3)))
struct SourceRestartIntegrationTests {
    @Test("a claim on server.lifecycle[p], which the group had committed at 100: read from 0, appended after a restart, applied, and committed at 1")
    func committedAboveEnd() async throws {
        let logger = DeadLetterIntegrationTests.logger
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: logger)
        let group = "source-restart-\(UUID().uuidString)"
        let key = "server-recreated"
        let partition = Partitioner.partition(of: key, count: WireInput.partitionCount)
        let lifecycle = KafkaTopicPartition(topic: TopicName.serverLifecycle, partition: partition)

        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: logger)
        let claim = CloudEvent(
            id: "claim-1", source: "/tests", type: EventName.serverClaimed, subject: key, time: 1_000,
            data: .object(["owner": "team-a", "okToMaintenance": true]))
        _ = try await producer.send(CloudEventCodec().encode(claim, key: key).producerMessage(topic: lifecycle.topic, partition: partition))
        try await producer.flush()
        try await producer.close()

        // The group had read the old topic up to 100.
        let setter = try KafkaConsumer(configuration: cluster.configuration(["group.id": group]), logger: logger)
        try await setter.commit([KafkaPartitionOffset(topic: lifecycle.topic, partition: partition, offset: KafkaOffset(100))])
        #expect(try await setter.committed(for: [lifecycle]).map(\.offset.rawValue) == [100])
        try await setter.close()

        let runner = try RoleRunner(
            engine: EngineRun(role: .scheduler).engine, configuration: cluster.configuration(),
            options: .init(group: group, tickInterval: .seconds(3600), batchSize: 20, maxIdle: .seconds(2)), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await runner.run() }
            try await waitUntil("the claim applied", timeout: .seconds(60)) { runner.queryState(MaintenanceScheduler.self, key: key)?.claim != nil }
            #expect(runner.queryState(MaintenanceScheduler.self, key: key)?.claim?.okToMaintenance == true)
            // Its commit goes with the batch's effects.
            try await Task.sleep(for: .seconds(1))
            runner.shutdown()
            try await tasks.waitForAll()
        }
        let counters = runner.snapshot
        #expect(counters.sourceRestarts == 1, "\(counters)")
        #expect(counters.appended == 2, "the restart and the claim: \(counters)")
        #expect(counters.idleExpirations == 0, "\(counters)")

        let reader = try KafkaConsumer(configuration: cluster.configuration(["group.id": group]), logger: logger)
        let committed = try await reader.committed(for: [lifecycle]).map(\.offset.rawValue)
        #expect(committed == [1], "committed where the source stands now: \(committed)")
        try await reader.close()
    }
}
