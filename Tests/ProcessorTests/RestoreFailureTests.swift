import Contracts
import Events
import Foundation
import Kafka
import MaintenancedClient
import MaintenancedTesting
import Processor
import Testing

@Suite("An assignment whose state cannot be restored stops the instance before it processes anything", .timeLimit(.minutes(2)))
struct RestoreFailureTests {
    @Test("an unreadable state record: the restore is tried three times, then run() throws RestoreFailure; nothing is produced or committed")
    func unreadableState() async throws {
        let logger = DeadLetterIntegrationTests.logger
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: logger)
        let configuration = cluster.configuration()
        let counts = Dictionary(uniqueKeysWithValues: SchedulerContract.inputTopics.map { ($0, Int32(12)) })
        let engine = RoleEngine(role: .scheduler, logics: [SchedulerLogic()], partitionCounts: counts, consumerName: "maintenanced-scheduler-test")
        let group = "scheduler-\(UUID().uuidString)"
        let runner = try RoleRunner(engine: engine, configuration: configuration, options: .init(group: group, tickInterval: .milliseconds(200)), logger: logger)

        // server-1's state record is not a state this version can read; a request for server-1 waits behind it.
        let partition = Partitioner.partition(of: "server-1", count: 12)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: logger)
        _ = try await producer.send(KafkaProducerMessage(
            topic: TopicName.changelog(of: .scheduler), partition: partition, key: Array("server-1".utf8), value: Array("{\"phase\": 7".utf8), headers: []))
        let events = try EventProducer(configuration: cluster.configuration(), logger: logger)
        _ = try await events.send(
            OutgoingEvent(EventName.maintenanceRequested, key: "server-1", ["namespace": "ops", "name": "bios", "type": "BIOSUpdate"]),
            id: "request-1", source: "/tests", time: 1_000)

        let failure = await #expect(throws: RestoreFailure.self) { try await runner.run() }
        #expect(failure?.attempts == 3)
        #expect(failure?.changelogs.contains(KafkaTopicPartition(topic: TopicName.changelog(of: .scheduler), partition: partition)) == true)
        #expect(failure?.description.contains("offset 0 of \(TopicName.changelog(of: .scheduler))[\(partition)]") == true)
        #expect(failure?.description.contains("\"server-1\"") == true)
        #expect(runner.snapshot.consumed == 0)
        #expect(runner.snapshot.produced == 0)

        // Nothing reached the transitions topic, and the request's offset was not committed.
        let consumer = try KafkaConsumer(configuration: cluster.configuration(["group.id": group]), logger: logger)
        let transitions = try await (0..<12).asyncMap { try await consumer.watermarks(of: KafkaTopicPartition(topic: TopicName.serverTransitions, partition: $0)).high }
        #expect(transitions.reduce(0, +) == 0)
        let committed = try await consumer.committed(for: [KafkaTopicPartition(topic: TopicName.maintenanceRequests, partition: partition)])
        #expect(committed.first?.offset == KafkaOffset.unset)
        try await consumer.close()
        try await events.close()
        try await producer.close()
    }
}

extension Sequence {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
