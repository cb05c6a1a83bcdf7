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

/// A runner folds its own appends as soon as they are delivered, without reading them back,
/// when they land right where its fold stands; otherwise it reads them back in log order.
/// Either way its outputs must be those of folding the log as it is, in order.
@Suite("Own appends folded at once: the outputs are the fold of the log as it stands", .timeLimit(.minutes(3)))
struct DirectFoldIntegrationTests {
    @Test("with another writer's record between its appends, a runner's outputs are exactly those of folding its log in order")
    func anotherWriterBetweenAppends() async throws {
        let logger = DeadLetterIntegrationTests.logger
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: logger)
        let role = Role.scheduler
        let log = TopicName.input(of: role)
        let inputs = BadInputCorpus.valid(for: role)
        let group = "direct-\(UUID().uuidString)"
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: logger)
        let watcher = try KafkaConsumer(configuration: cluster.configuration(["group.id": group]), logger: logger)
        /// Sends `input` and waits until the runner has committed it (so appended it to the log).
        func send(_ input: WireInput, to runner: RoleRunner) async throws {
            try await input.send(with: producer, awaitingCommitOf: watcher)
        }

        let engine = EngineRun(role: role).engine
        let runner = try RoleRunner(
            engine: engine, configuration: cluster.configuration(),
            options: .init(group: group, tickInterval: .seconds(3600)), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await runner.run() }
            // One at a time: each lands where the fold stands (a new group's log starts where the
            // broker says it starts) and is folded at once.
            for input in inputs { try await send(input, to: runner) }
            #expect(runner.snapshot.foldedDirectly >= 1, "no append was folded straight away: \(runner.snapshot)")

            // Another writer (an expelled instance, say) appends a copy of a request to the log of
            // server-2's partition; then the next event of server-2 arrives. The runner's copy lands
            // after the other writer's record, so it must be read back and folded after it.
            let extra = WireInput.event(
                EventName.maintenanceRequested, "server-2", id: "other-writer", time: 9_000, ["namespace": "ops", "name": "extra", "type": "Cleanup"])
            let partition = Partitioner.partition(of: "server-2", count: WireInput.partitionCount)
            let copy = RoleLog.copy(extra.message, topic: extra.topic, partition: partition, offset: 1_000, time: wallClockMilliseconds())
            _ = try await producer.send(KafkaProducerMessage(
                topic: log, partition: partition, key: copy.key, value: copy.value, headers: copy.headers))
            try await producer.flush()
            let next = WireInput.event(EventName.maintenanceRequested, "server-2", id: "after", time: 10_000, ["namespace": "ops", "name": "after", "type": "Cleanup"])
            try await send(next, to: runner)
            // Stopped gracefully: the last batch is folded, produced and committed.
            runner.shutdown()
            try await tasks.waitForAll()
        }
        // The append behind the other writer's record is read back, or folded at once if that record
        // was read back and folded before it was delivered; either way the outputs are the fold of
        // the log (below). (Before a new group's log position was asked at assignment, the first
        // append was always read back too.)
        try await producer.close()

        // The log as it stands, folded in order by a fresh engine.
        let logPartitions = try await KafkaAdmin(configuration: cluster.configuration(), logger: logger)
            .describeTopics([log], includeConfigs: false)[0].partitions.map(\.id)
        var appended = 0
        for partition in logPartitions { appended += Int(try await watcher.watermarks(of: KafkaTopicPartition(topic: log, partition: partition)).high) }
        #expect(appended >= inputs.count + 2)
        let records = try await DeadLetterIntegrationTests.readPositioned(log, on: cluster) { $0.count >= appended }
        #expect(records.count == appended)
        var fresh = EngineRun(role: role).engine
        var expected: [String: [String]] = [:]
        var fromOtherWriter = 0
        for record in records.sorted(by: { ($0.partition, $0.offset) < ($1.partition, $1.offset) }) {
            let outputs = fresh.process(record.message, partition: record.partition, offset: record.offset)
            if record.message.header("ce_id") == "other-writer" { fromOtherWriter = outputs.count }
            for output in outputs { expected[output.topic, default: []].append(output.message.header("ce_id") ?? "-") }
        }
        // The other writer's request was applied: it has an answer.
        #expect(fromOtherWriter > 0)

        // What the runner produced: the same ids, each once, and nothing more.
        for (topic, ids) in expected {
            let received = try await DeadLetterIntegrationTests.read(topic, on: cluster) { $0.count >= ids.count }
            #expect(received.map { $0.header("ce_id") ?? "-" }.sorted() == ids.sorted(), "\(topic)")
            let partitions = try await KafkaAdmin(configuration: cluster.configuration(), logger: logger)
                .describeTopics([topic], includeConfigs: false)[0].partitions.map(\.id)
            var total: Int64 = 0
            for partition in partitions { total += try await watcher.watermarks(of: KafkaTopicPartition(topic: topic, partition: partition)).high }
            #expect(total == Int64(ids.count), "\(topic) holds \(total) records, the fold of the log gives \(ids.count)")
        }
        try await watcher.close()
    }
}
