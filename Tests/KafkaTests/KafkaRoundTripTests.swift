import Kafka
import Testing

@Suite("Producer and consumer round trip", .timeLimit(.minutes(1)))
struct KafkaRoundTripTests {
    @Test("keyed messages with headers arrive intact and in per-key order")
    func keyedRoundTripWithHeaders() async throws {
        let (cluster, topic) = try await clusterWithTopic("round-trip", partitions: 3)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: testLogger)
        let count = 300
        var last: KafkaProducer.DeliveryTicket?
        for index in 0..<count {
            let headers: MessageHeaders = [
                MessageHeader(name: "ce_id", string: "event-\(index)"),
                MessageHeader(name: "binary", value: [0, 255, UInt8(index % 256)]),
                MessageHeader(name: "empty", value: nil),
            ]
            last = try await producer.send(KafkaProducerMessage(
                topic: topic, key: "server-\(index % 7)", value: "value-\(index)", headers: headers))
        }
        try await producer.awaitDelivery(upTo: #require(last))
        try await producer.close()

        let consumer = try KafkaConsumer(configuration: cluster.configuration(), logger: testLogger)
        try consumer.assign((0..<3).map { KafkaPartitionOffset(topic: topic, partition: $0, offset: .beginning) })
        let records = try await consumer.collect(count)
        try await consumer.close()

        #expect(records.count == count)
        #expect(Set(records.map(\.value)).count == count)
        for record in records {
            let index = Int(record.value!.dropFirst("value-".count))!
            #expect(record.key == "server-\(index % 7)")
            #expect(record.headers == [
                MessageHeader(name: "ce_id", string: "event-\(index)"),
                MessageHeader(name: "binary", value: [0, 255, UInt8(index % 256)]),
                MessageHeader(name: "empty", value: nil),
            ])
            #expect(record.headersInPlace == record.headers && record.headerCount == 3)
        }
        // One key, one partition, in production order.
        let byKey = Dictionary(grouping: records, by: \.key)
        for (_, keyed) in byKey {
            #expect(Set(keyed.map(\.partition)).count == 1)
            let indexes = keyed.sorted { $0.offset < $1.offset }.map { Int($0.value!.dropFirst("value-".count))! }
            #expect(indexes == indexes.sorted())
        }
    }

    @Test("awaiting one message's delivery and a batch's delivery")
    func deliveryReports() async throws {
        let (cluster, topic) = try await clusterWithTopic("delivery", partitions: 4)
        let producer = try KafkaProducer(configuration: cluster.configuration(["linger.ms": "1"]), logger: testLogger)
        let first = try producer.trySend(KafkaProducerMessage(topic: topic, key: "a", value: "1"))
        try await producer.awaitDelivery(of: first)
        var tickets: [KafkaProducer.DeliveryTicket] = []
        for index in 0..<1000 {
            tickets.append(try await producer.send(KafkaProducerMessage(topic: topic, key: "k\(index)", value: "v")))
        }
        #expect(tickets == tickets.sorted())
        try await producer.awaitDelivery(upTo: tickets.last!)
        try await producer.flush()
        try await producer.close()
        #expect(throws: KafkaError.self) { try producer.trySend(KafkaProducerMessage(topic: topic, key: "late", value: "x")) }
    }

    @Test("a producer learns its topics before the first message, and asks end offsets on its own connection")
    func preparedTopicsAndEndOffsets() async throws {
        let (cluster, topic) = try await clusterWithTopic("prepare", partitions: 3)
        let other = uniqueName("prepare-other")
        try await cluster.createTopic(other, partitions: 2)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: testLogger)
        #expect(await producer.prepare(topics: [topic, other]).isEmpty)
        for index in 0..<5 { _ = try await producer.send(KafkaProducerMessage(topic: topic, partition: 1, key: "k", value: "v\(index)")) }
        try await producer.flush()
        let ends = try await producer.endOffsets(of: (0..<3).map { KafkaTopicPartition(topic: topic, partition: $0) } + [KafkaTopicPartition(topic: other, partition: 1)])
        #expect(ends == [
            KafkaTopicPartition(topic: topic, partition: 0): 0, KafkaTopicPartition(topic: topic, partition: 1): 5,
            KafkaTopicPartition(topic: topic, partition: 2): 0, KafkaTopicPartition(topic: other, partition: 1): 0,
        ])
        try await producer.close()
    }

    @Test("a consumer asks where partitions start now: the oldest offset kept, not their end")
    func startOffsets() async throws {
        let (cluster, topic) = try await clusterWithTopic("start", partitions: 2)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: testLogger)
        for index in 0..<5 { _ = try await producer.send(KafkaProducerMessage(topic: topic, partition: 1, key: "k", value: "v\(index)")) }
        try await producer.flush()
        let partitions = (0..<2).map { KafkaTopicPartition(topic: topic, partition: $0) }
        #expect(try await producer.endOffsets(of: partitions) == [partitions[0]: 0, partitions[1]: 5])
        try await producer.close()
        let consumer = try KafkaConsumer(configuration: cluster.configuration(), logger: testLogger)
        // As the rebalance hook asks it, off the async tasks.
        func starts() throws -> [KafkaTopicPartition: Int64] { try consumer.startOffsets(of: partitions) }
        #expect(try starts() == [partitions[0]: 0, partitions[1]: 0])
        try await consumer.close()
    }

    /// With no broker answering, a stop asked during a role's start waited 5 s for each topic it
    /// writes, and the instance directory's last record 5 minutes (`message.timeout.ms`).
    @Test("with no broker answering: prepare takes its timeout in all, not per topic, and a bounded delivery wait gives up")
    func noBrokerAnswering() async throws {
        // Nothing listens on port 1: every connection is refused.
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: "127.0.0.1:1"), logger: testLogger)
        // Sixteen topics at the default 5 s: 80 s asked one by one, 5 s in all. The bound leaves
        // room for a loaded machine, where this task may wait for a thread of the pool after the
        // answer: a CI run's first seconds, when the CPU-bound suites hold both, once made it
        // 26 s for eight topics (the bound was 25 s then).
        let topics = (1...16).map { "nowhere-\($0)" }
        let clock = ContinuousClock()
        let started = clock.now
        let unknown = await producer.prepare(topics: topics)
        let took = clock.now - started
        #expect(unknown == topics)
        #expect(took < .seconds(45), "\(took) for \(topics.count) topics of a 5 s timeout")

        // Unbounded, the wait would end after `message.timeout.ms`: 5 minutes.
        let ticket = try producer.trySend(KafkaProducerMessage(topic: topics[0], key: "k", value: "v"))
        let waited = clock.now
        #expect(try await producer.awaitDelivery(of: ticket, within: .seconds(1)) == false)
        #expect(clock.now - waited < .seconds(60))
        _ = try await producer.close(within: .zero)
    }

    @Test("a bounded delivery wait answers true once the message is delivered")
    func boundedDeliveryWait() async throws {
        let (cluster, topic) = try await clusterWithTopic("bounded-delivery", partitions: 1)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: testLogger)
        let ticket = try await producer.send(KafkaProducerMessage(topic: topic, key: "k", value: "v"))
        #expect(try await producer.awaitDelivery(of: ticket, within: .seconds(20)))
        #expect(producer.deliveredPosition(of: ticket) == nil, "not kept: sent without keepingOffset")
        try await producer.close()
    }

    /// A role's loop asks where its own records landed while the batch that sent them still
    /// awaits the rest: the answer must not use up the position the sender takes afterwards.
    @Test("reported positions answer for delivered messages kept with their offset, and leave the position to its sender")
    func reportedPositions() async throws {
        let (cluster, topic) = try await clusterWithTopic("reported-positions", partitions: 2)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: testLogger)
        var kept: [KafkaProducer.DeliveryTicket] = []
        for index in 0..<6 {
            kept.append(try await producer.send(KafkaProducerMessage(topic: topic, partition: Int32(index % 2), key: "k\(index)", value: "v"), keepingOffset: true))
        }
        let plain = try await producer.send(KafkaProducerMessage(topic: topic, partition: 0, key: "plain", value: "v"))
        let last = try await producer.send(KafkaProducerMessage(topic: topic, partition: 1, key: "last", value: "v"), keepingOffset: true)
        // Not delivered yet, or delivered: either is an answer; once awaited it must be there.
        _ = producer.reportedPositions(of: [last])
        try await producer.awaitDelivery(of: kept + [plain, last])
        let reported = producer.reportedPositions(of: kept + [plain, last])
        #expect(reported.count == 8)
        // Each partition's messages in the order sent: offsets 0, 1, 2 on each.
        #expect(reported.prefix(6).map { $0.map { "\($0.partition)/\($0.offset)" } } == ["0/0", "1/0", "0/1", "1/1", "0/2", "1/2"])
        #expect(reported[6] == nil, "sent without keepingOffset")
        #expect(reported[7].map { "\($0.partition)/\($0.offset)" } == "1/3")
        // Asking again answers the same, and the sender still takes each position once.
        #expect(producer.reportedPositions(of: kept).map { $0?.offset } == reported.prefix(6).map { $0?.offset })
        for (ticket, position) in zip(kept, reported) {
            #expect(producer.deliveredPosition(of: ticket).map { "\($0.partition)/\($0.offset)" } == position.map { "\($0.partition)/\($0.offset)" })
        }
        #expect(producer.reportedPositions(of: kept).allSatisfy { $0 == nil }, "taken by deliveredPosition")
        try await producer.close()
    }
}
