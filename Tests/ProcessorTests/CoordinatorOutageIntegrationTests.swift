import Contracts
import Events
import Foundation
import Kafka
import KafkaTopics
import Lifecycle
import MaintenancedClient
import MaintenancedTesting
import Processor
import Testing

/// A role's group coordinator can go away while its partitions' leaders stay: the batches go
/// on, their commits fail (librdkafka answers `_WAIT_COORD` while it looks for the
/// coordinator), and the offsets go with the first commit after it is back. A fleet test once
/// saw a scheduler stop there with `_WAIT_COORD`, which nothing but waiting mends.
@Suite("A role rides out its group coordinator going down: processing goes on, the offsets are committed once it is back", .timeLimit(.minutes(3)))
struct CoordinatorOutageIntegrationTests {
    @Test("requests before, during and after 16 s without the coordinator: every one in the role log, some commits deferred, run() ends without an error, every offset committed")
    func coordinatorDown() async throws {
        let logger = DeadLetterIntegrationTests.logger
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(brokers: 2, logger: logger)
        let engine = EngineRun(role: .scheduler).engine
        // Every partition's leader on broker 1; the group's coordinator alone on broker 2.
        let topics = engine.sourceTopics + engine.changelogTopics + [engine.inputTopic, TopicName.deadLetter, TopicName.serverTransitions]
        let admin = try cluster.makeAdmin(logger: logger)
        for description in try await admin.describeTopics(Array(Set(topics)), includeConfigs: false) {
            for number in description.partitions.map(\.id) {
                try await cluster.setPartitionLeader(topic: description.name, partition: number, broker: 1)
            }
        }
        let group = "coordinator-\(UUID().uuidString)"
        try await cluster.setGroupCoordinator(group, broker: 2)

        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: logger)
        let codec = CloudEventCodec()
        var sent = 0
        func sendWave(_ count: Int) async throws {
            for _ in 0..<count {
                let key = "server-\(sent % 97)"
                let event = CloudEvent(
                    id: "request-\(sent)", source: "/tests", type: EventName.maintenanceRequested, subject: key, time: 1_000 + Int64(sent),
                    data: .object(["namespace": "ops", "name": .string("n\(sent)"), "type": "Cleanup"]))
                sent += 1
                _ = try await producer.send(codec.encode(event, key: key).producerMessage(topic: TopicName.maintenanceRequests, partition: Partitioner.partition(of: key, count: WireInput.partitionCount)))
            }
            try await producer.flush()
        }

        let outageWaves = 40
        let total = 100 + outageWaves * 10 + 100
        let runner = try RoleRunner(
            engine: engine, configuration: cluster.configuration(),
            options: .init(group: group, tickInterval: .seconds(3600), batchSize: 20, maxIdle: .seconds(1)), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await runner.run() }
            func awaitAppended(_ count: Int) async throws {
                let deadline = ContinuousClock.now + .seconds(60)
                while runner.snapshot.appended < count, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            try await sendWave(100)
            try await awaitAppended(100)
            // 16 s without the coordinator, requests coming in small waves: batches go on, their
            // commits wait for the coordinator until the group's session (6 s) ends, when
            // librdkafka fails them with `_WAIT_COORD` (or the group's own errors) and takes the
            // partitions back; the instance rejoins once the coordinator is back.
            try await cluster.setBrokerDown(2)
            for _ in 0..<outageWaves {
                try await sendWave(10)
                try await Task.sleep(for: .milliseconds(400))
            }
            try await cluster.setBrokerUp(2)
            try await sendWave(100)
            // Every request in the role log, by id: the count of appends also counts ticks and the
            // copies a rebalance appends again, and once reached it before the last request was read.
            _ = try await DeadLetterIntegrationTests.readPositioned(engine.inputTopic, on: cluster) { records in
                Set(records.flatMap { Self.ids(in: $0.message) }).count >= total
            }
            // The last batch's commit goes with its effects.
            try await Task.sleep(for: .seconds(1))
            runner.shutdown()
            // Throws if a failed commit stopped the instance.
            try await tasks.waitForAll()
        }
        let counters = runner.snapshot
        #expect(counters.deferredCommits >= 1, "the outage must have reached a commit: \(counters)")
        #expect(counters.deadLetters == 0, "\(counters)")

        // The role log holds every request; one appended again only if a rebalance came
        // between its append and its commit (at-least-once; the fold skips the copy).
        let appended = try await DeadLetterIntegrationTests.readPositioned(engine.inputTopic, on: cluster) { records in
            Set(records.flatMap { Self.ids(in: $0.message) }).count >= total
        }.flatMap { Self.ids(in: $0.message) }
        // A failure names what is missing and where: which input partitions stopped (seen once
        // in a full test run, 13 requests of two or three partitions, not reproduced since).
        let missing = (0..<total).filter { !Set(appended).contains("request-\($0)") }
        let stalled = Set(missing.map { Partitioner.partition(of: "server-\($0 % 97)", count: WireInput.partitionCount) }).sorted()
        #expect(missing.isEmpty, "\(missing.count) requests not in the role log: \(missing) (input partitions \(stalled)); \(counters)")
        #expect(appended.count == counters.appended, "\(appended.count) copies read, \(counters)")

        // What the group holds: every request's offset (the topic's partitions start at 0).
        let reader = try KafkaConsumer(configuration: cluster.configuration(["group.id": group]), logger: logger)
        let partitions = (0..<WireInput.partitionCount).map { KafkaTopicPartition(topic: TopicName.maintenanceRequests, partition: $0) }
        let committed = try await reader.committed(for: partitions)
        #expect(committed.reduce(0) { $0 + max($1.offset.rawValue, 0) } == total, "\(committed)")
        try await reader.close()
        try await producer.close()
    }

    /// librdkafka's auto-commit is off (its commits at a close can abort the process): what a
    /// refused commit leaves owed, with no batch after it, the consumer sends again itself.
    @Test("the last batches' commits refused while the group rebalances, no batch after them: the offsets are committed all the same, before any stop")
    func refusedCommitWithNothingAfterIt() async throws {
        let logger = DeadLetterIntegrationTests.logger
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: logger)
        let engine = EngineRun(role: .scheduler).engine
        let group = "refused-\(UUID().uuidString)"
        let runner = try RoleRunner(
            engine: engine, configuration: cluster.configuration(["auto.commit.interval.ms": "500"]),
            options: .init(group: group, tickInterval: .seconds(3600), batchSize: 20, maxIdle: .seconds(1)), logger: logger)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: logger)
        let codec = CloudEventCodec()
        let total = 30
        let reader = try KafkaConsumer(configuration: cluster.configuration(["group.id": group]), logger: logger)
        let partitions = (0..<WireInput.partitionCount).map { KafkaTopicPartition(topic: TopicName.maintenanceRequests, partition: $0) }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await runner.run() }
            try await waitUntil("the instance is assigned its partitions", timeout: .seconds(60)) { runner.snapshot.rebalances > 0 }
            // The next 20 offset commits are refused as the mock refuses them during a rebalance:
            // every commit these few batches make, and the first resends.
            try cluster.pushBrokerRequestErrors(broker: 1, .offsetCommit, errors: Array(repeating: (code: 27, roundTripMilliseconds: 0), count: 20))
            for index in 0..<total {
                let key = "server-\(index)"
                let event = CloudEvent(
                    id: "request-\(index)", source: "/tests", type: EventName.maintenanceRequested, subject: key, time: 1_000 + Int64(index),
                    data: .object(["namespace": "ops", "name": .string("n\(index)"), "type": "Cleanup"]))
                _ = try await producer.send(codec.encode(event, key: key).producerMessage(
                    topic: TopicName.maintenanceRequests, partition: Partitioner.partition(of: key, count: WireInput.partitionCount)))
            }
            try await producer.flush()
            try await waitUntil("all \(total) requests appended", timeout: .seconds(60)) { runner.snapshot.appended >= total }
            // The instance still runs, and no input follows: only a resend can commit what is owed.
            try await waitUntil("the group holds every request's offset while the instance runs", timeout: .seconds(60)) {
                (try await reader.committed(for: partitions)).reduce(0) { $0 + max($1.offset.rawValue, 0) } == total
            }
            #expect(runner.snapshot.deferredCommits >= 1, "\(runner.snapshot)")
            runner.shutdown()
            try await tasks.waitForAll()
        }
        try await reader.close()
        try await producer.close()
    }

    /// The ids of the events copied in a role log record (a bundle).
    static func ids(in message: EventMessage) -> [String] {
        (RoleLog.contents(message)?.records ?? []).compactMap { copy -> String? in
            guard case let .event(_, _, _, message, _) = copy else { return nil }
            return message.header("ce_id")
        }
    }
}
