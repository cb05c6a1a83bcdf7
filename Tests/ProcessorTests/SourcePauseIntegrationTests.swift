import Contracts
import Events
import Foundation
import Kafka
import KafkaTopics
import Lifecycle
import MaintenancedClient
import MaintenancedTesting
import Processor
import Synchronization
import Testing

/// During a catch-up the sequencer holds a source's messages while another source of the
/// partition is behind; pausing the source that has too much waiting keeps that bounded
/// by the buffer limit instead of by the backlog.
@Suite("A source far ahead of a lagging one is paused: what waits is bounded, nothing is lost or reordered", .timeLimit(.minutes(3)))
struct SourcePauseIntegrationTests {
    /// The most messages waiting and source partitions paused, over the batches processed.
    final class Peaks: RoleObserver, @unchecked Sendable {
        let peaks = Mutex((waiting: 0, paused: 0, lastPaused: 0))
        var sampleInterval: Duration { .seconds(3600) }
        func assigned(_ partitions: [KafkaTopicPartition]) {}
        func restoredRecords(fromSnapshots: Int, fromChangelogs: Int) {}
        func wroteSnapshots(_ report: SnapshotReport) {}
        func restored(_ partitions: [KafkaTopicPartition], duration: Duration) {}
        func revoked(_ partitions: [KafkaTopicPartition]) {}
        func processed(_ report: BatchReport) {
            peaks.withLock { peaks in
                peaks.waiting = max(peaks.waiting, report.waiting)
                peaks.paused = max(peaks.paused, report.pausedSources)
                peaks.lastPaused = report.pausedSources
            }
        }
        func sampled(lag: [KafkaTopicPartition: Int64], state: StateSize) {}
        func left() {}
    }

    @Test("2 000 requests wait for a claim whose broker answers fetches late: at most a fraction wait at once, and the log has the claim first, then every request once, in order")
    func fasterSourcePaused() async throws {
        let logger = DeadLetterIntegrationTests.logger
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(brokers: 2, logger: logger)
        let role = Role.scheduler
        let engine = EngineRun(role: role).engine
        let claimed = "server-claimed"
        let partition = Partitioner.partition(of: claimed, count: WireInput.partitionCount)
        // Everything on broker 1 but the claim's partition of server.lifecycle, on broker 2.
        let topics = engine.sourceTopics + engine.changelogTopics + [engine.inputTopic, TopicName.deadLetter, TopicName.serverTransitions]
        let admin = try cluster.makeAdmin(logger: logger)
        for description in try await admin.describeTopics(Array(Set(topics)), includeConfigs: false) {
            for number in description.partitions.map(\.id) {
                let lagging = description.name == TopicName.serverLifecycle && number == partition
                try await cluster.setPartitionLeader(topic: description.name, partition: number, broker: lagging ? 2 : 1)
            }
        }
        let group = "pause-\(UUID().uuidString)"
        try await cluster.setGroupCoordinator(group, broker: 1)

        // The claim first, then the requests, in 40 batches of 50 (the embedded broker answers
        // a fetch with one produced batch per partition).
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: logger)
        let codec = CloudEventCodec()
        func message(_ type: String, _ key: String, id: String, _ data: JSONObject) -> EventMessage {
            codec.encode(CloudEvent(id: id, source: "/tests", type: type, subject: key, time: 1_000, data: .object(data)), key: key)
        }
        let claim = message(EventName.serverClaimed, claimed, id: "claim", ["owner": "team-a", "okToMaintenance": true])
        try await producer.awaitDelivery(of: producer.send(claim.producerMessage(topic: TopicName.serverLifecycle, partition: partition)))
        let keys = (0...).lazy.map { "server-\($0)" }.filter { Partitioner.partition(of: $0, count: WireInput.partitionCount) == partition }.prefix(2_000)
        var requestIDs: [String] = []
        for (index, key) in keys.enumerated() {
            let id = "request-\(index)"
            requestIDs.append(id)
            let request = message(EventName.maintenanceRequested, key, id: id, ["namespace": "ops", "name": .string("n\(index)"), "type": "Cleanup"])
            _ = try await producer.send(request.producerMessage(topic: TopicName.maintenanceRequests, partition: partition))
            if index % 50 == 49 { try await producer.flush() }
        }
        try await producer.flush()

        // The claim's broker answers the next two fetches 3 s late each: the requests, all
        // read at once from broker 1, wait for the claim that long.
        try cluster.pushBrokerRequestErrors(broker: 2, .fetch, errors: [(code: 0, roundTripMilliseconds: 3_000), (code: 0, roundTripMilliseconds: 3_000)])
        let peaks = Peaks()
        let runner = try RoleRunner(
            engine: engine, configuration: cluster.configuration(),
            options: .init(
                group: group, tickInterval: .seconds(3600), batchSize: 200, observer: peaks, maxIdle: .seconds(120), bufferLimit: 100),
            logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await runner.run() }
            let deadline = ContinuousClock.now + .seconds(90)
            while runner.snapshot.appended < 2_001, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            runner.shutdown()
            try await tasks.waitForAll()
        }
        let counters = runner.snapshot
        #expect(counters.appended == 2_001, "\(counters)")
        #expect(counters.sourcePauses >= 1, "\(counters)")
        let (waiting, paused, lastPaused) = peaks.peaks.withLock { ($0.waiting, $0.paused, $0.lastPaused) }
        // Without pausing, all 2 000 would wait for the claim. With it, about a poll (200) and
        // what was polled before the pause took effect: librdkafka drops what it fetched of a
        // partition and did not hand out yet when the partition is paused.
        #expect(waiting > 100 && waiting <= 1_000, "the most messages waiting at once: \(waiting)")
        #expect(paused == 1)
        #expect(lastPaused == 0)

        // The log's partition: the claim's copy first, then every request once, in the order produced.
        /// The ids of the copies in the log's partition, in log order (its records are bundles).
        func copies(_ records: [(partition: Int32, offset: Int64, message: EventMessage)]) -> [String] {
            records.filter { $0.partition == partition }.sorted { $0.offset < $1.offset }.flatMap { record in
                (RoleLog.contents(record.message)?.records ?? []).compactMap { copy -> String? in
                    guard case let .event(_, _, _, message, _) = copy else { return nil }
                    return message.header("ce_id")
                }
            }
        }
        let copies = copies(try await DeadLetterIntegrationTests.readPositioned(engine.inputTopic, on: cluster) { copies($0).count >= 2_001 })
        #expect(copies == ["claim"] + requestIDs)
        try await producer.close()
    }
}
