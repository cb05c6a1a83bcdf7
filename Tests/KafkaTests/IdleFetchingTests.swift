@testable import Kafka
import Testing

/// A consumer of the embedded broker stops fetching when nothing arrives, and starts again
/// when something does; `wakeUp()` ends a poll's wait. Bounds here are generous: the point
/// is that nothing is lost or stuck, not how fast. A wait for a rest counts polls (200 of
/// 50 ms, 10 s of polling at least), not the clock: the test process's threads can stall for
/// seconds while it runs other tests, and a stall must not use up the wait.
@Suite("A consumer at rest stops fetching", .timeLimit(.minutes(3)))
struct IdleFetchingTests {
    static let idle = [KafkaConfiguration.idlePauseProperty: "300", KafkaConfiguration.idleProbeProperty: "100"]
    /// The most polls of 50 ms a wait for a rest takes.
    static let restPolls = 200

    @Test("it pauses after the idle time, a probe sees new messages, none is lost")
    func pausesAndResumes() async throws {
        let (cluster, topic) = try await clusterWithTopic("idle", partitions: 3)
        let producer = try await connectedProducer(cluster, topic: topic)
        let consumer = try KafkaConsumer(configuration: cluster.configuration(Self.idle), logger: testLogger)
        try consumer.assign((0..<3).map { KafkaPartitionOffset(topic: topic, partition: $0, offset: .beginning) })
        let idle = try #require(consumer.idleFetching)
        #expect(try await consumer.collect(1).map(\.value) == ["up"])

        for round in 1...3 {
            for _ in 0..<Self.restPolls where !idle.isPaused {
                #expect(try await consumer.nextBatch(maxMessages: 10, timeout: .milliseconds(50)).isEmpty)
            }
            #expect(idle.isPaused, "round \(round): not paused after \(Self.restPolls) polls without messages")
            for index in 0..<5 { _ = try await producer.send(KafkaProducerMessage(topic: topic, key: "k\(index)", value: "r\(round)-\(index)")) }
            try await producer.flush()
            let records = try await consumer.collect(5)
            #expect(Set(records.compactMap(\.value)) == Set((0..<5).map { "r\(round)-\($0)" }))
            #expect(!idle.isPaused)
        }
        #expect(idle.counts.pauses >= 3)
        try await consumer.close()
        try await producer.close()
    }

    @Test("while the application expects messages it does not rest, and a rest ends; a held partition stays paused through a rest's resume")
    func expectedMessagesAndHolds() async throws {
        let (cluster, topic) = try await clusterWithTopic("idle-expect", partitions: 2)
        let producer = try await connectedProducer(cluster, topic: topic)
        let consumer = try KafkaConsumer(configuration: cluster.configuration(Self.idle), logger: testLogger)
        try consumer.assign((0..<2).map { KafkaPartitionOffset(topic: topic, partition: $0, offset: .beginning) })
        let idle = try #require(consumer.idleFetching)
        _ = try await consumer.collect(1)

        // Expecting: a second without messages (the idle time is 300 ms) and no rest.
        consumer.expectMessages(true)
        // (Rests before the first message, while the consumer connected, are not this test's.)
        let pausesBefore = idle.counts.pauses
        let clock = ContinuousClock()
        let quiet = clock.now + .seconds(1)
        while clock.now < quiet { _ = try await consumer.nextBatch(maxMessages: 10, timeout: .milliseconds(50)) }
        #expect(!idle.isPaused)
        #expect(idle.counts.pauses == pausesBefore)

        // Not expecting: it rests; expecting again ends the rest.
        consumer.expectMessages(false)
        for _ in 0..<Self.restPolls where !idle.isPaused { _ = try await consumer.nextBatch(maxMessages: 10, timeout: .milliseconds(50)) }
        #expect(idle.isPaused)
        consumer.expectMessages(true)
        #expect(!idle.isPaused)

        // Partition 1 held: a rest and its resume leave it held, and its messages come only after the release.
        let held = KafkaTopicPartition(topic: topic, partition: 1)
        try consumer.hold([held])
        #expect(consumer.heldPartitions == [held])
        consumer.expectMessages(false)
        for _ in 0..<Self.restPolls where !idle.isPaused { _ = try await consumer.nextBatch(maxMessages: 10, timeout: .milliseconds(50)) }
        #expect(idle.isPaused)
        for partition in Int32(0)..<2 {
            _ = try await producer.send(KafkaProducerMessage(topic: topic, partition: partition, key: "k", value: "p\(partition)"))
        }
        try await producer.flush()
        #expect(try await consumer.collect(1).map(\.value) == ["p0"])
        let more = try await consumer.nextBatch(maxMessages: 10, timeout: .seconds(2))
        #expect(more.isEmpty, "a held partition was fetched")
        try consumer.release([held])
        #expect(consumer.heldPartitions.isEmpty)
        #expect(try await consumer.collect(1).map(\.value) == ["p1"])
        try await consumer.close()
        try await producer.close()
    }

    @Test("what arrived between the last fetch and the pause is read")
    func arrivalAtThePause() async throws {
        let (cluster, topic) = try await clusterWithTopic("idle-edge", partitions: 1)
        let producer = try await connectedProducer(cluster, topic: topic)
        let consumer = try KafkaConsumer(
            configuration: cluster.configuration([KafkaConfiguration.idlePauseProperty: "200", KafkaConfiguration.idleProbeProperty: "5000"]),
            logger: testLogger)
        try consumer.assign([KafkaPartitionOffset(topic: topic, partition: 0, offset: .beginning)])
        _ = try await consumer.collect(1)
        // Sent while the consumer still fetches, close to the moment it pauses: the first probe, at the pause, finds it.
        try await Task.sleep(for: .milliseconds(150))
        try await producer.awaitDelivery(of: producer.send(KafkaProducerMessage(topic: topic, key: "k", value: "edge")))
        let batch = try await consumer.nextBatch(maxMessages: 10, timeout: .seconds(3))
        #expect(batch.map { String(decoding: $0.value ?? [], as: UTF8.self) } == ["edge"])
        try await consumer.close()
        try await producer.close()
    }

    /// The reader of a soak and an integration test waited a minute for messages already
    /// written: a fetch answered late, the pause dropped its answer, and the probes saw the
    /// end they had seen before.
    @Test("a partition read part-way whose broker answers late is not paused: the late answer is read, not dropped")
    func lateAnswerNotDropped() async throws {
        let (cluster, topic) = try await clusterWithTopic("idle-late", partitions: 1)
        let producer = try await connectedProducer(cluster, topic: topic)
        // Each message delivered before the next is sent: a record batch of its own, and the
        // embedded broker answers a fetch with one batch per partition. The consumer fetches
        // the next only when its queue is empty.
        for index in 0..<8 {
            try await producer.awaitDelivery(of: producer.send(KafkaProducerMessage(topic: topic, key: "k\(index)", value: "\(index):")))
        }
        let settings = Self.idle.merging(["queued.min.messages": "1", "fetch.wait.max.ms": "10"]) { $1 }
        let consumer = try KafkaConsumer(configuration: cluster.configuration(settings), logger: testLogger)
        try consumer.assign([KafkaPartitionOffset(topic: topic, partition: 0, offset: .beginning)])
        var values: [String] = []
        let clock = ContinuousClock()
        func read(until count: Int, within limit: Duration) async throws -> Duration {
            var longest = Duration.zero
            var last = clock.now
            let deadline = clock.now + limit
            while values.count < count, clock.now < deadline {
                let batch = try await consumer.nextBatch(maxMessages: 1, timeout: .milliseconds(50))
                guard !batch.isEmpty else { continue }
                values += batch.compactMap { ConsumedRecord($0).value }
                longest = max(longest, clock.now - last)
                last = clock.now
            }
            return longest
        }
        _ = try await read(until: 2, within: .seconds(10))
        #expect(values.count == 2, "the warm-up and the first message, before the broker slows down")
        // Answers now come 1.5 s late: five times the idle time (300 ms).
        try await cluster.setRoundTripTime(broker: 1, milliseconds: 1500)
        let gap = try await read(until: 5, within: .seconds(20))
        #expect(values.count == 5, "\(values.count - 2) of 3 messages came from the slow broker in 20 s")
        #expect(gap >= .seconds(1), "a message waited for a late answer (\(gap)): the case under test happened")
        try await cluster.setRoundTripTime(broker: 1, milliseconds: 0)
        _ = try await read(until: 9, within: .seconds(20))
        #expect(values == ["up"] + (0..<8).map { "\($0):" }, "every message once, in order")
        try await consumer.close()
        try await producer.close()
    }

    @Test("the pause waits for a confirming poll with the same watermarks, and never comes while a read partition is behind its watermark")
    func pauseDecision() {
        let a = KafkaTopicPartition(topic: "t", partition: 0)
        let b = KafkaTopicPartition(topic: "t", partition: 1)
        let confirm = Duration.milliseconds(100)
        let start = ContinuousClock.now
        var state = IdleFetching.State()
        // A partition read up to 3 of the 7 it knows of: a fetch is on its way.
        #expect(state.idle(at: start, confirmAfter: confirm, watermarks: [a: 7, b: 2], positions: [a: 3, b: 2]) == .busy)
        // No fetch of b answered yet (its broker is slow, or the machine busy): one is on its way.
        #expect(state.idle(at: start, confirmAfter: confirm, watermarks: [a: 7, b: -1], positions: [a: 7]) == .busy)
        #expect(state.idle(at: start, confirmAfter: confirm, watermarks: [a: 7, b: -1001], positions: [a: 7]) == .busy)
        // Read through (or never read: no position): armed first, not paused.
        #expect(state.idle(at: start, confirmAfter: confirm, watermarks: [a: 7, b: 0], positions: [a: 7]) == .arm([a: 7, b: 0]))
        state.armed = (start, [a: 7, b: 0])
        #expect(state.idle(at: start + .milliseconds(50), confirmAfter: confirm, watermarks: [a: 7, b: 0], positions: [a: 7]) == .wait)
        // A watermark moved meanwhile: a fetch was answered; armed again from now.
        #expect(state.idle(at: start + confirm, confirmAfter: confirm, watermarks: [a: 7, b: 4], positions: [a: 7]) == .arm([a: 7, b: 4]))
        state.armed = (start + confirm, [a: 7, b: 4])
        // The same watermarks a confirm interval later: pause.
        #expect(state.idle(at: start + confirm * 2, confirmAfter: confirm, watermarks: [a: 7, b: 4], positions: [a: 7]) == .pause([a: 7, b: 4]))
        // Still behind, even when armed: busy wins.
        #expect(state.idle(at: start + confirm * 2, confirmAfter: confirm, watermarks: [a: 7, b: 4], positions: [a: 7, b: 1]) == .busy)
        // A probe saw b end at 9, beyond the 4 its fetches saw: no rest until a fetch has seen 9.
        state.probed = [b: 9]
        #expect(state.idle(at: start + confirm * 2, confirmAfter: confirm, watermarks: [a: 7, b: 4], positions: [a: 7, b: 4]) == .busy)
        #expect(state.idle(at: start + confirm * 2, confirmAfter: confirm, watermarks: [a: 7, b: 9], positions: [a: 7, b: 9]) == .arm([a: 7, b: 9]), "seen: armed again (the watermarks moved)")
    }

    @Test("a group member paused at rest gets its partitions again after a rebalance and reads them")
    func rebalanceResumes() async throws {
        let (cluster, topic) = try await clusterWithTopic("idle-group", partitions: 2)
        let producer = try await connectedProducer(cluster, topic: topic)
        let group = uniqueName("idle-group")
        let settings = fastGroupSettings.merging(Self.idle) { $1 }.merging(["group.id": group]) { $1 }
        let first = try KafkaConsumer(configuration: cluster.configuration(settings), logger: testLogger)
        try first.subscribe([topic])
        _ = try await first.collect(1)
        for _ in 0..<Self.restPolls where first.idleFetching?.isPaused != true {
            _ = try await first.nextBatch(maxMessages: 10, timeout: .milliseconds(50))
        }
        #expect(first.idleFetching?.isPaused == true)
        // A second member joins and leaves: the first one is given partitions again and must fetch them.
        let second = try KafkaConsumer(configuration: cluster.configuration(settings), logger: testLogger)
        try second.subscribe([topic])
        let joining = Task { _ = try await second.nextBatch(maxMessages: 10, timeout: .seconds(8)) }
        _ = try await first.nextBatch(maxMessages: 10, timeout: .seconds(8))
        try await joining.value
        try await second.close()
        for index in 0..<10 { _ = try await producer.send(KafkaProducerMessage(topic: topic, key: "after-\(index)", value: "after-\(index)")) }
        try await producer.flush()
        // Read until every one is seen: a further rebalance (the second member's leave) may
        // hand some back again, so a count of records alone does not show that all came.
        let expected = Set((0..<10).map { "after-\($0)" })
        var seen: Set<String> = []
        for _ in 0..<40 where !seen.isSuperset(of: expected) {
            seen.formUnion(try await first.nextBatch(maxMessages: 10, timeout: .milliseconds(500)).compactMap { ConsumedRecord($0).value })
        }
        #expect(seen.isSuperset(of: expected))
        try await first.close()
        try await producer.close()
    }

    @Test("wakeUp() ends a poll's wait, with or without idle fetching")
    func wakeUp() async throws {
        let (cluster, topic) = try await clusterWithTopic("wake", partitions: 1)
        for properties in [[:], Self.idle] {
            let consumer = try KafkaConsumer(configuration: cluster.configuration(properties), logger: testLogger)
            try consumer.assign([KafkaPartitionOffset(topic: topic, partition: 0, offset: .end)])
            // A poll that would wait 60 s; woken, it ends long before (the bound is loose: on a loaded
            // machine the test's own tasks can wait seconds for a thread).
            let clock = ContinuousClock()
            async let batch = consumer.nextBatch(maxMessages: 10, timeout: .seconds(60))
            try await Task.sleep(for: .milliseconds(300))
            let woken = clock.now
            consumer.wakeUp()
            #expect(try await batch.isEmpty)
            #expect(clock.now - woken < .seconds(40), "\(properties): the poll waited \(clock.now - woken) after wakeUp()")
            try await consumer.close()
        }
    }

    @Test("the package's own properties never reach librdkafka, and a producer accepts a consumer's configuration with them")
    func packageProperties() async throws {
        let (cluster, topic) = try await clusterWithTopic("idle-props", partitions: 1)
        let configuration = cluster.configuration(Self.idle)
        #expect(configuration.forProducer[KafkaConfiguration.idlePauseProperty] == nil)
        let producer = try KafkaProducer(configuration: configuration, logger: testLogger)
        try await producer.awaitDelivery(of: producer.send(KafkaProducerMessage(topic: topic, key: "k", value: "v")))
        try await producer.close()
        let consumer = try KafkaConsumer(configuration: configuration, logger: testLogger)
        #expect(consumer.idleFetching?.pauseAfter == .milliseconds(300))
        try await consumer.close()
        let plain = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), logger: testLogger)
        #expect(plain.idleFetching == nil)
        try await plain.close()
    }

    @Test("a timeout in librdkafka's milliseconds is rounded up, never down to a zero wait")
    func millisecondsRoundUp() {
        #expect(Duration.zero.milliseconds == 0)
        #expect(Duration.nanoseconds(1).milliseconds == 1)
        #expect(Duration.microseconds(999).milliseconds == 1)
        #expect(Duration.milliseconds(1).milliseconds == 1)
        #expect(Duration.microseconds(1_001).milliseconds == 2)
        #expect(Duration.seconds(2).milliseconds == 2_000)
        #expect((Duration.seconds(2) + .nanoseconds(1)).milliseconds == 2_001)
        #expect(Duration.seconds(Int64.max / 1000).milliseconds == Int32.max)
    }

    @Test("a poll waits out its whole timeout, not one rounded down to whole milliseconds")
    func pollWaitsWholeTimeout() async throws {
        let (cluster, topic) = try await clusterWithTopic("idle-wait", partitions: 1)
        let consumer = try KafkaConsumer(configuration: cluster.configuration([KafkaConfiguration.idlePauseProperty: "0"]), logger: testLogger)
        try consumer.assign([KafkaPartitionOffset(topic: topic, partition: 0, offset: .beginning)])
        let clock = ContinuousClock()
        // A wait of a millisecond and a half: truncated, it ended after one, and a loop that
        // waits until a deadline (the paused consumer's) polled with a zero timeout until then.
        for _ in 0..<20 {
            let start = clock.now
            #expect(try await consumer.nextBatch(maxMessages: 1, timeout: .microseconds(1_500)).isEmpty)
            #expect(clock.now - start >= .microseconds(1_500))
        }
        try await consumer.close()
    }
}
