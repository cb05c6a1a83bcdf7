import Dispatch
import MaintenancedTesting
@testable import Kafka
import Testing

/// Two minutes a test: the mock's group joins alone take 3 s, now and then 13 s, for the first
/// member and 5 s more for a second one (timed phase by phase: the commits take milliseconds);
/// in a full test run on two cores the rebalance-hook test once went past one minute.
@Suite("Consumer groups, rebalance hooks and partition control", .timeLimit(.minutes(2)))
struct KafkaConsumerGroupTests {
    /// What one consumer saw, in the order it saw it (hooks and messages run on its polling thread).
    enum Event: Sendable, Hashable {
        case assigned([KafkaTopicPartition])
        case revoked([KafkaTopicPartition])
        case message(KafkaTopicPartition, offset: Int64)
    }

    @Test("the rebalance hook runs before the first message of a newly assigned partition; no offset is lost across the hand-over")
    func rebalanceHookOrdersRestoreAndCommit() async throws {
        let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: testLogger)
        let topic = uniqueName("group")
        let group = uniqueName("group")
        try await cluster.createTopic(topic, partitions: 4)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: testLogger)
        func produce(_ range: Range<Int>) async throws {
            var last: KafkaProducer.DeliveryTicket?
            for index in range {
                last = try await producer.send(KafkaProducerMessage(topic: topic, key: "server-\(index)", value: "\(index)"))
            }
            try await producer.awaitDelivery(upTo: #require(last))
        }
        try await produce(0..<200)

        let logs = [Shared<[Event]>([]), Shared<[Event]>([])]
        func makeConsumer(_ number: Int) throws -> KafkaConsumer {
            let consumer = try KafkaConsumer(
                configuration: cluster.configuration(fastGroupSettings.merging(["group.id": group]) { $1 }),
                logger: testLogger
            ) { rebalance, consumer in
                switch rebalance {
                case .assigned(let partitions):
                    logs[number].update { $0.append(.assigned(partitions)) }
                case .revoked(let partitions):
                    // Hand over: commit what was stored before the partitions go. The 2.0.2 mock refuses
                    // commits while the group rebalances (REBALANCE_IN_PROGRESS; real brokers accept them),
                    // and librdkafka refuses them in the revocation a close makes (_DESTROY), which is why
                    // `consume` also commits after every batch and the test waits for all 400 to be
                    // committed before closing (offsets a refused commit left, the consumer resends).
                    let committed = Result { try consumer.commitBlocking() }
                    if case .failure(let error as KafkaError) = committed { #expect(["REBALANCE_IN_PROGRESS", "_DESTROY"].contains(error.name)) }
                    logs[number].update { $0.append(.revoked(partitions)) }
                }
            }
            try consumer.subscribe([topic])
            return consumer
        }
        func consume(_ consumer: KafkaConsumer, _ number: Int) async throws {
            for try await batch in consumer.batches(maxMessages: 50) {
                let events = batch.map { Event.message($0.topicPartition, offset: $0.offset) }
                logs[number].update { $0.append(contentsOf: events) }
                try consumer.store(batch)
                do {
                    try await consumer.commit()
                } catch {
                    // The mock refuses commits while the group rebalances; the next one sends these offsets.
                    // (Not `catch where`: with typed throws in a nested async function it crashes Swift 6.3.1's
                    // ownership verifier.)
                    guard error.defersCommit else { throw error }
                }
            }
        }
        func seenOffsets() -> Set<Event> {
            Set(logs.flatMap { $0.value }.filter { if case .message = $0 { true } else { false } })
        }

        let first = try makeConsumer(0)
        let second = try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await consume(first, 0) }
            try await waitUntil { seenOffsets().count == 200 }
            // Created only now: a member that joins without polling would hold partitions it never reads.
            let second = try makeConsumer(1)
            tasks.addTask { try await consume(second, 1) }
            // The second member joins: the first gives up partitions, the second gets them.
            try await waitUntil { logs[1].value.contains { if case .assigned(let p) = $0 { !p.isEmpty } else { false } } }
            try await produce(200..<400)
            try await waitUntil { seenOffsets().count == 400 }
            // What the group committed adds up to everything read: waited for, since the last
            // batch's commit may still be on its way (cancelling the members now would cut it off).
            let inspector = try KafkaConsumer(configuration: cluster.configuration(["group.id": group]), logger: testLogger)
            let partitions = (0..<4).map { KafkaTopicPartition(topic: topic, partition: Int32($0)) }
            try await inspector.closing {
                try await waitUntil("the group commits all 400 offsets", timeout: .seconds(20)) {
                    (try? await inspector.committed(for: partitions).map(\.offset.rawValue).reduce(0, +)) == 400
                }
            }
            tasks.cancelAll()
            return second
        }
        try await first.close()
        try await second.close()
        try await producer.close()

        // Exact coverage: every offset of every partition was seen.
        var perPartition: [Int32: Set<Int64>] = [:]
        for case .message(let partition, let offset) in seenOffsets() { perPartition[partition.partition, default: []].insert(offset) }
        #expect(perPartition.values.reduce(0) { $0 + $1.count } == 400)
        for offsets in perPartition.values { #expect(offsets == Set(0..<Int64(offsets.count))) }

        // Order: a consumer only ever returns messages of partitions it holds, which it got through the hook first.
        for (number, log) in logs.enumerated() {
            var held: Set<KafkaTopicPartition> = []
            for event in log.value {
                switch event {
                case .assigned(let partitions): held.formUnion(partitions)
                case .revoked(let partitions): held.subtract(partitions)
                case .message(let partition, let offset):
                    #expect(held.contains(partition), "consumer \(number) returned \(partition)@\(offset) before its assignment hook")
                }
            }
        }
        let secondAssigned = logs[1].value.contains { if case .assigned(let p) = $0 { !p.isEmpty } else { false } }
        let firstRevoked = logs[0].value.contains { if case .revoked = $0 { true } else { false } }
        #expect(secondAssigned && firstRevoked)
        // Offsets were committed after each batch: the second member resumed where the first stopped,
        // re-reading at most one uncommitted batch (at-least-once across the rebalance).
        let all = logs.flatMap { $0.value }.filter { if case .message = $0 { true } else { false } }
        #expect(all.count - 400 <= 50, "duplicates after the hand-over: \(all.count - 400)")
    }

    @Test("state is restored from a changelog inside the hook, up to its high watermark, before the first input message")
    func restoreFromChangelogInHook() async throws {
        let (cluster, input) = try await clusterWithTopic("input", partitions: 2)
        let changelog = uniqueName("changelog")
        try await cluster.createTopic(changelog, partitions: 2)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: testLogger)
        for index in 0..<100 {
            _ = try await producer.send(KafkaProducerMessage(topic: changelog, partition: Int32(index % 2), key: "server-\(index)", value: "state"))
        }
        for index in 0..<20 {
            _ = try await producer.send(KafkaProducerMessage(topic: input, partition: Int32(index % 2), key: "server-\(index)", value: "event"))
        }
        try await producer.flush()

        let restored = Shared<[Int32: Int]>([:])
        let consumer = try KafkaConsumer(
            configuration: cluster.configuration(fastGroupSettings.merging(["group.id": uniqueName("restore")]) { $1 }),
            logger: testLogger
        ) { rebalance, _ in
            guard case .assigned(let partitions) = rebalance else { return }
            // Blocking calls are fine here: the hook runs on the polling thread, not the cooperative pool.
            for partition in partitions {
                do {
                    let reader = try KafkaConsumer(configuration: cluster.configuration(), logger: testLogger)
                    let source = KafkaTopicPartition(topic: changelog, partition: partition.partition)
                    let end = try reader.queryWatermarks(of: source).high
                    try reader.assign([KafkaPartitionOffset(source, .beginning)])
                    var count = 0
                    var next: Int64 = 0
                    while next < end {
                        let batch = try reader.poll(maxMessages: 500, timeout: .seconds(5))
                        count += batch.count
                        next = batch.last.map { $0.offset + 1 } ?? next
                    }
                    try reader.closeBlocking()
                    restored.update { $0[partition.partition] = count }
                } catch {
                    Issue.record("restoring \(partition): \(error)")
                }
            }
        }
        try consumer.subscribe([input])
        var seen = 0
        for try await batch in consumer.batches() {
            for message in batch {
                #expect(restored.value[message.partition] == 50, "message of \(message.partition) before its state was restored")
            }
            seen += batch.count
            if seen == 20 { break }
        }
        try await consumer.close()
        try await producer.close()
        #expect(seen == 20)
        #expect(restored.value == [0: 50, 1: 50])
    }

    @Test("closing(after:) closes the consumer after its body, whether the body returned or threw, and gives back what the body did")
    func closingAfter() async throws {
        let (cluster, topic) = try await clusterWithTopic("closing", partitions: 1)
        let returning = try KafkaConsumer(configuration: cluster.configuration(), logger: testLogger)
        let value = try await returning.closing {
            #expect(!returning.closed.isRaised)
            return try await returning.watermarks(of: KafkaTopicPartition(topic: topic, partition: 0)).high
        }
        #expect(value == 0)
        #expect(returning.closed.isRaised)

        struct Failed: Error {}
        let throwing = try KafkaConsumer(configuration: cluster.configuration(), logger: testLogger)
        await #expect(throws: Failed.self) { try await throwing.closing { throw Failed() } }
        #expect(throwing.closed.isRaised)
    }

    @Test("a bounded close that cannot finish in time gives up and says so; one that can finishes")
    func boundedClose() async throws {
        let (cluster, topic) = try await clusterWithTopic("close", partitions: 2)
        func joined(_ group: String) async throws -> KafkaConsumer {
            let consumer = try KafkaConsumer(configuration: cluster.configuration(["group.id": group]), logger: testLogger)
            try consumer.subscribe([topic])
            while try consumer.assignment().isEmpty { _ = try await consumer.nextBatch(maxMessages: 10, timeout: .milliseconds(100)) }
            return consumer
        }
        let healthy = try await joined("close-healthy")
        #expect(try await healthy.close(timeout: .seconds(20)))

        // The close waits behind a job that blocks the consumer's thread until the test lets
        // it go, as a close stuck inside librdkafka would.
        let stuck = try await joined("close-stuck")
        let release = DispatchSemaphore(value: 0)
        stuck.thread.submit { release.wait() }
        let finished = try await stuck.close(timeout: .seconds(1))
        #expect(finished == false)
        release.signal()
        // The close given up on goes on once the thread is free: the test waits for it (a job queued behind it) before
        // its cluster goes. Left running while the brokers went away, it once aborted the whole test process on
        // librdkafka 2.0.2's assertion that a group terminates with no assignment in progress (rd_kafka_cgrp_terminated).
        let closed = try await stuck.thread.run(within: .seconds(60)) { () throws(KafkaError) in stuck.closed.isRaised }
        #expect(closed == true, "the close given up on did not finish once its thread was free")
    }

    @Test("assign at explicit offsets reads a partition up to its high watermark; pause and resume")
    func assignWatermarksPauseResume() async throws {
        let (cluster, topic) = try await clusterWithTopic("changelog", partitions: 2)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: testLogger)
        for index in 0..<60 {
            _ = try await producer.send(KafkaProducerMessage(topic: topic, partition: Int32(index % 2), key: "k\(index)", value: "\(index)"))
        }
        try await producer.flush()

        let consumer = try KafkaConsumer(configuration: cluster.configuration(), logger: testLogger)
        let zero = KafkaTopicPartition(topic: topic, partition: 0)
        let one = KafkaTopicPartition(topic: topic, partition: 1)
        let watermarks = try await consumer.watermarks(of: zero)
        #expect(watermarks == KafkaWatermarks(low: 0, high: 30))

        // Restore partition 0 from offset 10 up to its high watermark.
        try consumer.assign([KafkaPartitionOffset(zero, KafkaOffset(10))])
        var restored: [Int64] = []
        while restored.last.map({ $0 + 1 < watermarks.high }) ?? true {
            let batch = try await consumer.nextBatch(maxMessages: 100, timeout: .seconds(5))
            restored += batch.map(\.offset)
        }
        #expect(restored == Array(10..<30))
        #expect(try consumer.assignment() == [zero])

        // Pause partition 1: nothing of it arrives until it is resumed.
        try consumer.assign([KafkaPartitionOffset(one, .beginning)])
        try consumer.pause([one])
        #expect(try await consumer.nextBatch(maxMessages: 100, timeout: .milliseconds(500)).isEmpty)
        try consumer.resume([one])
        var resumed = 0
        while resumed < 30 { resumed += try await consumer.nextBatch(maxMessages: 100, timeout: .seconds(5)).count }
        #expect(resumed == 30)
        try await consumer.close()
        try await producer.close()
    }
}
