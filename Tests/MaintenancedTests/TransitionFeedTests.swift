import Contracts
import Events
import FleetStatus
import Kafka
import Logging
import MaintenancedClient
import MaintenancedTesting
import Testing

@testable import maintenanced

/// The status page's feed of `server.transitions` reads the topic only while someone asks.
@Suite("Transition feed: read on demand", .timeLimit(.minutes(10)))
struct TransitionFeedTests {
    static let logger = Logger(label: "transition-feed-tests")

    @Test("no consumer until asked; the first ask waits for the backlog; it follows while asked, stops when not, and reads the backlog again")
    func onDemand() async throws {
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: Self.logger)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: Self.logger)
        let admin = try KafkaAdmin(configuration: cluster.configuration(), logger: Self.logger)
        let partitions = Int32(try #require(try await admin.describeTopics([TopicName.serverTransitions], includeConfigs: false).first).partitions.count)
        let codec = CloudEventCodec()
        var sent = 0
        func send(server: Int, count: Int) async throws {
            for _ in 0..<count {
                sent += 1
                let key = "server-\(server)"
                let event = OutgoingEvent(EventName.maintenanceStateChanged, key: key, ["namespace": "ops", "name": .string("m-\(sent)"), "state": "Pending"])
                let message = codec.encode(event.cloudEvent(id: "transition-\(sent)", source: "/tests", time: 1_000 + Int64(sent)), key: key)
                _ = try await producer.send(message.producerMessage(topic: TopicName.serverTransitions, partition: Partitioner.partition(of: key, count: partitions)))
            }
            try await producer.flush()
        }
        for server in 0..<10 { try await send(server: server, count: 3) }

        // The full suite loads this 2-core machine so much that a fresh consumer once took more than 60 s to read the
        // backlog again (the test ran 116 s, 4.7 s alone): the asks wait long enough for that. A lost wake-up still
        // fails (the ask would come back empty at this wait's end).
        let feed = TransitionFeed(
            configuration: cluster.configuration(), partitions: partitions, followsFor: .seconds(2), firstAnswerWait: .seconds(240), logger: Self.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { await feed.run() }
            try await Task.sleep(for: .milliseconds(500))
            #expect(!feed.isFollowing, "the feed reads the topic before anyone asked")

            // The first ask answers with the backlog, not with what happened to arrive.
            let fleet = await feed.transitions(server: nil, limit: 100)
            #expect(fleet.count == 30)
            #expect(feed.isFollowing)
            #expect(await feed.transitions(server: "server-3", limit: 100).count == 3)

            // While asked, it follows.
            try await send(server: 3, count: 5)
            try await waitUntil("the five new transitions of server-3 are followed", timeout: .seconds(30)) {
                await feed.transitions(server: "server-3", limit: 100).count == 8
            }
            #expect(await feed.transitions(server: nil, limit: 100).count == 35)

            // Nobody asks for longer than `followsFor`: the consumer goes, and what it read with it.
            try await waitUntil("the feed stops following", timeout: .seconds(30), interval: .milliseconds(100)) { !feed.isFollowing }

            // The next ask reads the backlog again, with what came while nobody asked.
            try await send(server: 4, count: 2)
            let again = await feed.transitions(server: nil, limit: 100)
            #expect(again.count == 37, "\(again.count) transitions: \(again.map(\.id).sorted())")
            #expect(await feed.transitions(server: "server-4", limit: 100).count == 5)

            feed.stop()
            try await tasks.waitForAll()
        }
        #expect(!feed.isFollowing)
        try await producer.close()
    }

    @Test("a broker that answers later than a poll waits, and than the feed follows unasked, does not end the first ask early: it gets the whole backlog")
    func slowFirstFetch() async throws {
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: Self.logger)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: Self.logger)
        let admin = try KafkaAdmin(configuration: cluster.configuration(), logger: Self.logger)
        let partitions = Int32(try #require(try await admin.describeTopics([TopicName.serverTransitions], includeConfigs: false).first).partitions.count)
        // Five transitions of a server on partition 0; the feed reads that partition only.
        let key = try #require((0...).lazy.map { "server-\($0)" }.first { Partitioner.partition(of: $0, count: partitions) == 0 })
        let codec = CloudEventCodec()
        for index in 0..<5 {
            let event = OutgoingEvent(EventName.maintenanceStateChanged, key: key, ["namespace": "ops", "name": .string("m-\(index)"), "state": "Pending"])
            let message = codec.encode(event.cloudEvent(id: "slow-\(index)", source: "/tests", time: 1_000 + Int64(index)), key: key)
            _ = try await producer.send(message.producerMessage(topic: TopicName.serverTransitions, partition: 0))
        }
        try await producer.flush()
        // Every answer now comes 1.5 s late: the feed's first poll (1 s) ends before its first
        // fetch does, and the backlog takes longer than the feed follows without an ask (1 s).
        try await cluster.setRoundTripTime(broker: 1, milliseconds: 1500)
        let feed = TransitionFeed(
            configuration: cluster.configuration(), partitions: 1, followsFor: .seconds(1), firstAnswerWait: .seconds(60), logger: Self.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { await feed.run() }
            let clock = ContinuousClock()
            let asked = clock.now
            let first = await feed.transitions(server: nil, limit: 100)
            #expect(first.map(\.id).sorted() == (0..<5).map { "slow-\($0)" }, "the first ask answered after \(clock.now - asked) with \(first.count) of 5")
            try await cluster.setRoundTripTime(broker: 1, milliseconds: 0)
            feed.stop()
            try await tasks.waitForAll()
        }
        try await producer.close()
    }

    @Test("a read that fails while an ask waits for the backlog is tried again within the ask's wait: the ask gets the backlog, not nothing")
    func failedReadTriedAgain() async throws {
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: Self.logger)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: Self.logger)
        let codec = CloudEventCodec()
        let key = "server-1"
        for index in 0..<4 {
            let event = OutgoingEvent(EventName.maintenanceStateChanged, key: key, ["namespace": "ops", "name": .string("m-\(index)"), "state": "Pending"])
            let message = codec.encode(event.cloudEvent(id: "failed-\(index)", source: "/tests", time: 1_000 + Int64(index)), key: key)
            _ = try await producer.send(message.producerMessage(topic: TopicName.serverTransitions, partition: 0))
        }
        try await producer.flush()
        // The feed's first watermark query fails: both of its ListOffsets requests (earliest and
        // latest) are answered "topic authorization failed", which librdkafka does not retry.
        cluster.pushRequestErrors(.listOffsets, errors: [29, 29])
        let feed = TransitionFeed(
            configuration: cluster.configuration(), partitions: 1, followsFor: .seconds(1), firstAnswerWait: .seconds(120), logger: Self.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { await feed.run() }
            let first = await feed.transitions(server: nil, limit: 100)
            #expect(first.map(\.id).sorted() == (0..<4).map { "failed-\($0)" }, "the first ask answered with \(first.count) of 4")
            feed.stop()
            try await tasks.waitForAll()
        }
        try await producer.close()
    }

    @Test("every wait of an ask ends: at the first-answer bound, when the asking task is cancelled, and after stop()")
    func waitsEnd() async throws {
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: Self.logger)
        let clock = ContinuousClock()

        // Nothing runs the feed: the ask waits for the backlog only up to the bound.
        let bounded = TransitionFeed(
            configuration: cluster.configuration(), partitions: 12, firstAnswerWait: .milliseconds(300), logger: Self.logger)
        var started = clock.now
        #expect(await bounded.transitions(server: nil, limit: 10).isEmpty)
        let waited = started.duration(to: clock.now)
        // Far below any other bound here, with room for a machine busy with other tests.
        #expect(waited >= .milliseconds(300) && waited < .seconds(60), "waited \(waited)")

        // A bound of an hour, and the asking task cancelled: the ask returns at once.
        let patient = TransitionFeed(configuration: cluster.configuration(), partitions: 12, firstAnswerWait: .seconds(3600), logger: Self.logger)
        started = clock.now
        let answer = await withTaskGroup(of: [TransitionEntry].self) { group in
            group.addTask { await patient.transitions(server: nil, limit: 10) }
            try? await Task.sleep(for: .milliseconds(200))
            group.cancelAll()
            return await group.next() ?? []
        }
        #expect(answer.isEmpty)
        #expect(started.duration(to: clock.now) < .seconds(60))

        // Stopped while following: run() ends, and a later ask does not wait for a feed that is gone.
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await patient.run() }
            try? await waitUntil("the feed follows", timeout: .seconds(30)) { patient.isFollowing }
            patient.stop()
            await group.waitForAll()
        }
        #expect(!patient.isFollowing)
        started = clock.now
        #expect(await patient.transitions(server: nil, limit: 10).isEmpty)
        #expect(started.duration(to: clock.now) < .seconds(60), "an ask after stop() waited for the backlog")
    }
}
