import Contracts
import Events
import Processor
import Testing

/// A clock tick records where it goes among its partition's other inputs; the instance
/// that wrote it, and every later owner replaying the partition, apply it after exactly
/// the same messages, whatever order their consumer fetches the topics in.
@Suite("Clock ticks are applied in their recorded place, in the first run and in every replay")
struct TickOrderTests {
    static let partitions: Int32 = 12
    static let partition: Int32 = 3
    static let counts = Dictionary(uniqueKeysWithValues: SchedulerContract.inputTopics.map { ($0, partitions) })
    static let codec = CloudEventCodec()
    static let start: Int64 = 1_700_000_000_000
    /// Late enough that every maintenance requested before it has timed out waiting.
    static let late = start + 48 * 3_600_000
    /// Ten servers of `partition`.
    static let servers = Array((0..<10_000).lazy.map { "server-\($0)" }.filter { Partitioner.partition(of: $0, count: partitions) == partition }.prefix(10))

    /// A consumed message: its topic, offset and value.
    struct Consumed {
        var topic: String
        var offset: Int64
        var message: EventMessage
    }

    static func engine() -> RoleEngine {
        RoleEngine(role: .scheduler, logics: [SchedulerLogic()], partitionCounts: counts, consumerName: "order-test")
    }

    /// The maintenance request of server `index`, at offset `index` of the requests partition.
    static func request(_ index: Int) -> Consumed {
        let key = servers[index]
        let event = OutgoingEvent(EventName.maintenanceRequested, key: key, ["namespace": "ops", "name": .string("m\(index)"), "type": "BIOSUpdate"])
        // Written before the tick (a backlog), so their own times never pass it.
        let message = codec.encode(event.cloudEvent(id: "req-\(index)", source: "/tests", time: start + Int64(index)), key: key)
        return Consumed(topic: TopicName.maintenanceRequests, offset: Int64(index), message: message)
    }

    static func deliver(_ consumed: Consumed, to engine: inout RoleEngine) -> [OutgoingRecord] {
        engine.process(consumed.message, topic: consumed.topic, partition: partition, offset: consumed.offset, timestamp: 0)
    }

    static func encodeTick(_ tick: OutgoingEvent, id: String, role: Role = .scheduler, at time: Int64 = late, offset: Int64 = 0) -> Consumed {
        Consumed(topic: TopicName.ticks, offset: offset, message: codec.encode(tick.cloudEvent(id: id, source: role.source, time: time), key: tick.key))
    }

    /// The first run: five requests applied, a tick written, five more requests read before
    /// the tick comes back. Returns every output in order, the tick as written, and the engine.
    static func firstRun() -> (outputs: [OutgoingRecord], tick: Consumed, engine: RoleEngine) {
        var engine = Self.engine()
        var outputs = (0..<5).flatMap { deliver(request($0), to: &engine) }
        let tick = engine.makeTick(partition: partition, id: "tick-1")!
        for index in 5..<10 {
            #expect(deliver(request(index), to: &engine).isEmpty, "request \(index) waits for the tick written before it was read")
        }
        #expect(engine.heldMessages == 5)
        let written = encodeTick(tick, id: "tick-1")
        outputs += deliver(written, to: &engine)
        #expect(engine.heldMessages == 0)
        return (outputs, written, engine)
    }

    /// The servers whose power request timed out in a run's outputs: the timeout sends the
    /// request again, so they have a second power command.
    static func timedOut(_ records: [OutgoingRecord]) -> Set<String> {
        var commands: [String: Int] = [:]
        for record in records where record.topic == TopicName.powerCommands {
            commands[record.message.key.map { String(decoding: $0, as: UTF8.self) } ?? "", default: 0] += 1
        }
        return Set(commands.filter { $0.value > 1 }.keys)
    }

    @Test("the writer applies its tick after what it had applied when it wrote it: later requests wait, and miss the timeout")
    func writerHoldsItsInputs() throws {
        let (outputs, _, engine) = Self.firstRun()
        #expect(!outputs.contains { $0.topic == TopicName.deadLetter }, "the tick as written passes the catalogue's schema")
        let fired = Self.timedOut(outputs)
        #expect(fired == Set(Self.servers.prefix(5)), "exactly the five requests applied before the tick timed out: \(fired.sorted())")
        #expect(engine.appliedOffsets.filter { $0.topic == TopicName.maintenanceRequests }.map(\.offset) == [10])
    }

    @Test("a replay gives the first run's outputs and state, byte for byte, wherever the consumer puts the tick among the requests", arguments: 0...10)
    func replayMatches(ticksAt place: Int) throws {
        let (expected, tick, engine) = Self.firstRun()
        var original = engine
        let requests = (0..<10).map(Self.request)
        // Each topic stays in offset order; where the tick partition's message lands is the consumer's choice.
        let ordering = Array(requests[..<place]) + [tick] + Array(requests[place...])
        var replay = Self.engine()
        // A new owner: the partition held one tick and ten requests it had not read when it was assigned.
        replay.awaitBacklog(partition: Self.partition, backlog: [TopicName.ticks: 0..<1, TopicName.maintenanceRequests: 0..<10], limit: 2_000)
        let outputs = ordering.flatMap { Self.deliver($0, to: &replay) }
        #expect(outputs == expected)
        #expect(try replay.takeChangelog() == original.takeChangelog())
    }

    @Test("without knowing the backlog's end, a replay that reads the requests first misses the tick's place")
    func horizonMatters() throws {
        let (expected, tick, _) = Self.firstRun()
        var replay = Self.engine()
        let outputs = ((0..<10).map(Self.request) + [tick]).flatMap { Self.deliver($0, to: &replay) }
        #expect(Self.timedOut(outputs) == Set(Self.servers), "all ten had been applied before the tick was read")
        #expect(outputs != expected)
    }

    @Test("a new owner holds every input until the earlier owner's ticks are read, and nothing once they are")
    func horizonHolds() {
        var engine = Self.engine()
        engine.awaitBacklog(partition: Self.partition, backlog: [TopicName.ticks: 0..<2], limit: 2_000)
        #expect(Self.deliver(Self.request(0), to: &engine).isEmpty)
        // Another role's tick on the shared topic places nothing, but waits for the backlog like the rest.
        let foreign = Self.encodeTick(OutgoingEvent(EventName.clockTick, key: "p\(Self.partition)"), id: "power-tick", role: .power, offset: 0)
        #expect(Self.deliver(foreign, to: &engine).isEmpty)
        #expect(engine.heldMessages == 2)
        // An older writer's tick without a place: applied as read, at its time.
        let legacy = Self.encodeTick(OutgoingEvent(EventName.clockTick, key: "p\(Self.partition)"), id: "old-tick", at: Self.start, offset: 1)
        _ = Self.deliver(legacy, to: &engine)
        #expect(engine.heldMessages == 0, "the horizon is read: the request goes")
        #expect(!Self.deliver(Self.request(1), to: &engine).isEmpty)
    }

    @Test("a horizon the restored checkpoint already passed holds nothing")
    func restoredPastHorizon() throws {
        var first = Self.engine()
        _ = Self.deliver(Self.encodeTick(OutgoingEvent(EventName.clockTick, key: "p\(Self.partition)"), id: "t", at: Self.start, offset: 4), to: &first)
        var restored = Self.engine()
        for record in try first.takeChangelog() {
            try restored.restore(changelog: record.topic, partition: record.partition ?? -1, key: record.message.key, value: record.message.value)
        }
        restored.awaitBacklog(partition: Self.partition, backlog: [TopicName.ticks: 0..<5], limit: 2_000)
        #expect(!Self.deliver(Self.request(0), to: &restored).isEmpty)
        #expect(restored.heldMessages == 0)
    }

    @Test("one tick out at a time: the next is made only once the last is read back")
    func oneTickOut() throws {
        var engine = Self.engine()
        let made = engine.makeTick(partition: Self.partition, id: "a")
        let first = try #require(made)
        #expect(engine.makeTick(partition: Self.partition, id: "b") == nil)
        #expect(engine.makeTick(partition: Self.partition + 1, id: "c") != nil, "each partition has its own")
        _ = Self.deliver(Self.encodeTick(first, id: "a"), to: &engine)
        #expect(engine.makeTick(partition: Self.partition, id: "d") != nil)
    }

    @Test("a held message is neither in the changelog's checkpoint nor in the offsets to commit")
    func heldNotCheckpointed() throws {
        var engine = Self.engine()
        _ = (0..<3).flatMap { Self.deliver(Self.request($0), to: &engine) }
        _ = engine.makeTick(partition: Self.partition, id: "t")
        _ = Self.deliver(Self.request(3), to: &engine)
        #expect(engine.heldMessages == 1)
        let applied = engine.appliedOffsets.filter { $0.topic == TopicName.maintenanceRequests }
        #expect(applied.map(\.offset) == [3])
        let changelog = try engine.takeChangelog()
        let checkpoint = try #require(changelog.last { $0.message.key == Array(RoleEngine.checkpointKey.utf8) })
        #expect(try JSONParser().parse(checkpoint.message.value)["offsets"]?[TopicName.maintenanceRequests]?.intValue == 3)
    }

    @Test("a revoked partition forgets what it held, and a reassigned one the ticks it wrote meanwhile")
    func dropForgets() {
        var engine = Self.engine()
        _ = engine.makeTick(partition: Self.partition, id: "t")
        _ = Self.deliver(Self.request(0), to: &engine)
        #expect(engine.heldMessages == 1)
        engine.drop(topic: TopicName.ticks, partition: Self.partition)
        #expect(engine.heldMessages == 0)
        _ = engine.makeTick(partition: Self.partition, id: "late")  // the ticker raced the revocation
        engine.awaitBacklog(partition: Self.partition, backlog: [:], limit: 2_000)
        #expect(!Self.deliver(Self.request(0), to: &engine).isEmpty)
    }

    @Test("a topic the tick does not list comes wholly after it")
    func unlistedTopicAfter() throws {
        var engine = Self.engine()
        let made = engine.makeTick(partition: Self.partition, id: "t")
        let tick = try #require(made)
        #expect(tick.data["positions"]?.arrayValue?.isEmpty == true, "nothing applied yet: no position known")
        #expect(Self.deliver(Self.request(0), to: &engine).isEmpty)
        let outputs = Self.deliver(Self.encodeTick(tick, id: "t"), to: &engine)
        #expect(outputs.filter { $0.topic == TopicName.powerCommands }.count == 1, "the request follows the tick, and has not timed out")
    }

    @Test("a backlog is applied oldest first: a report fetched before the command it answers is not rejected")
    func backlogByTimestamp() throws {
        let key = Self.servers[0]
        let request = Self.request(0)
        // The power request the scheduler sends for it, as the first run did.
        var first = Self.engine()
        let sent = Self.deliver(request, to: &first).first { $0.topic == TopicName.powerCommands }
        let command = try JSONParser().parse(try #require(sent).message.value)
        let requestID = try #require(command["requestId"]?.stringValue)
        let completed = OutgoingEvent(
            EventName.powerCommandCompleted, key: key, ["requestId": .string(requestID), "requester": "scheduler", "operation": "off"])
        let answer = Consumed(
            topic: TopicName.serverTransitions, offset: 0,
            message: Self.codec.encode(completed.cloudEvent(id: "done-1", source: Role.power.source, time: Self.start + 500), key: key))
        func replay(awaitingBacklog: Bool) -> [OutgoingRecord] {
            var engine = Self.engine()
            if awaitingBacklog {
                engine.awaitBacklog(partition: Self.partition, backlog: [TopicName.maintenanceRequests: 0..<1, TopicName.serverTransitions: 0..<1], limit: 2_000)
            }
            // The answer was produced after the request (Kafka timestamps), but is fetched first.
            return engine.process(answer.message, topic: answer.topic, partition: Self.partition, offset: 0, timestamp: 2_000)
                + engine.process(request.message, topic: request.topic, partition: Self.partition, offset: 0, timestamp: 1_000)
        }
        let rejected = { (records: [OutgoingRecord]) in records.filter { $0.message.header("ce_type") == EventName.transitionRejected }.count }
        #expect(rejected(replay(awaitingBacklog: true)) == 0)
        #expect(rejected(replay(awaitingBacklog: false)) == 1, "applied as fetched, the answer comes before its request")
    }

    @Test("a new owner waits for at most `limit` messages of each topic past its checkpoint, then goes on")
    func backlogLimit() throws {
        var engine = Self.engine()
        // Ten unread requests, a limit of three: the first three are awaited, not all ten.
        engine.awaitBacklog(partition: Self.partition, backlog: [TopicName.maintenanceRequests: 0..<10], limit: 3)
        #expect(Self.deliver(Self.request(0), to: &engine).isEmpty)
        #expect(Self.deliver(Self.request(1), to: &engine).isEmpty)
        #expect(engine.heldMessages == 2)
        #expect(!Self.deliver(Self.request(2), to: &engine).isEmpty, "the third ends the wait: all three go")
        #expect(engine.heldMessages == 0)
        #expect(!Self.deliver(Self.request(3), to: &engine).isEmpty)
    }

    @Test("no tick is made while the partition holds messages or awaits its backlog: it would overtake them")
    func noTickOverHeldMessages() throws {
        var engine = Self.engine()
        engine.awaitBacklog(partition: Self.partition, backlog: [TopicName.maintenanceRequests: 0..<2], limit: 2_000)
        #expect(engine.makeTick(partition: Self.partition, id: "early") == nil, "the backlog is not read")
        #expect(Self.deliver(Self.request(0), to: &engine).isEmpty)
        #expect(engine.makeTick(partition: Self.partition, id: "early") == nil, "a request is held")
        #expect(!Self.deliver(Self.request(1), to: &engine).isEmpty)
        let made = engine.makeTick(partition: Self.partition, id: "after")
        let tick = try #require(made)
        #expect(tick.data["positions"]?.arrayValue?.first?["offset"]?.intValue == 2, "placed after both requests")
    }

    @Test("a backlog given up on lets a tick be made again: it brings the message that drains what is held")
    func givenUpBacklogTicks() throws {
        var engine = Self.engine()
        engine.awaitBacklog(partition: Self.partition, backlog: [TopicName.maintenanceRequests: 0..<5], limit: 2_000)
        #expect(Self.deliver(Self.request(0), to: &engine).isEmpty)
        #expect(engine.makeTick(partition: Self.partition, id: "held") == nil)
        engine.stopAwaitingBacklog(partition: Self.partition)
        let made = engine.makeTick(partition: Self.partition, id: "t")
        let tick = try #require(made, "a quiet partition would otherwise hold its message for ever")
        #expect(engine.makeTick(partition: Self.partition, id: "u") == nil, "one out at a time")
        let outputs = Self.deliver(Self.encodeTick(tick, id: "t"), to: &engine)
        #expect(engine.heldMessages == 0)
        #expect(!outputs.isEmpty, "the held request was applied")
    }
}
