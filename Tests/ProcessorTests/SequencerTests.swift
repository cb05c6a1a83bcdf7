import Contracts
import Events
import Processor
import Testing

/// The sequencer without Kafka: what it appends to a role's log, given what it read,
/// where each source's log ends, and the time.
@Suite("The sequencer puts a role's inputs and ticks in one order")
struct SequencerTests {
    static let lifecycle = "server.lifecycle"
    static let requests = "maintenance.requests"

    static func sequencer(maxIdle: Int64 = 2_000, tickInterval: Int64 = 1_000) -> Sequencer {
        var sequencer = Sequencer(
            sourceTopics: [lifecycle, requests], tickedTopics: [lifecycle, requests],
            settings: Sequencer.Settings(tickInterval: tickInterval, maxIdle: maxIdle))
        sequencer.assigned(topic: lifecycle, partition: 0, position: 0, at: 0)
        sequencer.assigned(topic: requests, partition: 0, position: 0, at: 0)
        return sequencer
    }

    static func message(_ name: String) -> EventMessage { EventMessage(key: Array("server-1".utf8), value: Array(name.utf8), headers: []) }

    /// One round: `endsToAsk`, answered where `end` knows the source's end, then `drain`.
    static func drain(
        _ sequencer: inout Sequencer, at now: Int64, tickReaches: (Int32) -> Bool = { _ in true }, end: (String) -> Int64?
    ) -> [Sequencer.Append] {
        for ask in sequencer.endsToAsk(at: now, tickReaches: tickReaches) {
            if let offset = end(ask.topic) { sequencer.ended(topic: ask.topic, partition: ask.partition, offset: offset) }
        }
        return sequencer.drain(at: now)
    }

    /// The records appended, in order, as the bundles' messages hold them (read back as the fold reads them).
    static func entries(_ appends: [Sequencer.Append]) -> [RoleLog.Record] {
        appends.flatMap { append in
            let read = RoleLog.contents(append.message)
            #expect(read == .bundle(append.bundle.records), "a bundle reads back as it was written")
            return append.bundle.records
        }
    }

    /// The source topic and offset of each copy appended, and "tick" for ticks.
    static func names(_ appends: [Sequencer.Append]) -> [String] {
        entries(appends).map { record in
            switch record {
            case let .event(topic, _, offset, _, _): "\(topic)@\(offset)"
            case .tick: "tick"
            case let .restart(topic, _, offset, _, _): "restart \(topic)@\(offset)"
            }
        }
    }

    @Test("between topics the earlier event goes first, whichever was read first, once the other topic has nothing unread")
    func eventTimeOrder() {
        var sequencer = Self.sequencer()
        // The request (time 110) is read first; the claim (time 100) is on the broker but not read yet.
        sequencer.received(topic: Self.requests, partition: 0, offset: 0, timestamp: 110, message: Self.message("request"))
        let ends = [Self.lifecycle: Int64(1), Self.requests: Int64(1)]
        #expect(Self.drain(&sequencer, at: 200) { topic in ends[topic] }.isEmpty, "the claim is unread: the request waits")
        sequencer.received(topic: Self.lifecycle, partition: 0, offset: 0, timestamp: 100, message: Self.message("claim"))
        #expect(Self.names(Self.drain(&sequencer, at: 210) { topic in ends[topic] }) == ["\(Self.lifecycle)@0", "\(Self.requests)@0"])
    }

    @Test("an end asked before an event was read does not let it go: the sources are asked again after its poll")
    func endsAskedAfterTheRead() {
        var sequencer = Self.sequencer()
        // Round 0: a tick is due; the ends are asked, nothing unread: the tick goes.
        #expect(Self.names(Self.drain(&sequencer, at: 1_000) { _ in 0 }) == ["tick"])
        // Round 1: the request is read; the claim landed before it but is not read (as when
        // librdkafka hands out the request's partition of a fetch before reading the claim's).
        sequencer.received(topic: Self.requests, partition: 0, offset: 0, timestamp: 1_110, message: Self.message("request"))
        let asks = sequencer.endsToAsk(at: 1_200).map { "\($0.topic)[\($0.partition)]" }
        #expect(asks.sorted() == ["\(Self.requests)[0]", "\(Self.lifecycle)[0]"].sorted())
        // Not answered: the end asked in round 0 (nothing unread then) does not count.
        #expect(sequencer.drain(at: 1_200).isEmpty)
        // Answered in the next round: the claim is there, unread, so the request still waits.
        #expect(Self.drain(&sequencer, at: 1_210) { _ in 1 }.isEmpty)
        sequencer.received(topic: Self.lifecycle, partition: 0, offset: 0, timestamp: 1_100, message: Self.message("claim"))
        #expect(Self.names(Self.drain(&sequencer, at: 1_220) { _ in 1 }) == ["\(Self.lifecycle)@0", "\(Self.requests)@0"])
        #expect(sequencer.idleExpirations == 0)
    }

    @Test("an event waits only for what the other topics held when it was read, not for what came after")
    func endsOfTheEventsRound() {
        var sequencer = Self.sequencer(maxIdle: 60_000)
        func typed(_ type: String) -> EventMessage {
            EventMessage(key: Array("server-1".utf8), value: [], headers: [MessageHeader(name: "ce_type", string: type)])
        }
        // Round 0: request A read; the lifecycle topic holds 5 records, unread.
        sequencer.received(topic: Self.requests, partition: 0, offset: 0, timestamp: 100, message: Self.message("a"))
        #expect(Self.drain(&sequencer, at: 200) { topic in topic == Self.lifecycle ? 5 : 1 }.isEmpty)
        // Round 1: the 5 are read (passed over: not the role's), request B is read, and the
        // lifecycle topic now holds 9. A goes (its round's end, 5, is read); B waits for 9.
        for offset: Int64 in 0..<5 { sequencer.passed(topic: Self.lifecycle, partition: 0, offset: offset, timestamp: 0) }
        sequencer.received(topic: Self.requests, partition: 0, offset: 1, timestamp: 300, message: Self.message("b"))
        #expect(Self.names(Self.drain(&sequencer, at: 400) { topic in topic == Self.lifecycle ? 9 : 2 }) == ["\(Self.requests)@0"])
        for offset: Int64 in 5..<9 { sequencer.passed(topic: Self.lifecycle, partition: 0, offset: offset, timestamp: 0) }
        #expect(Self.names(Self.drain(&sequencer, at: 500) { topic in topic == Self.lifecycle ? 12 : 2 }) == ["\(Self.requests)@1"])
        #expect(sequencer.idleExpirations == 0)
    }

    @Test("a topic with nothing unread holds nothing back")
    func caughtUpSourceDoesNotBlock() {
        var sequencer = Self.sequencer()
        sequencer.received(topic: Self.requests, partition: 0, offset: 0, timestamp: 110, message: Self.message("request"))
        let ends = [Self.lifecycle: Int64(0), Self.requests: Int64(1)]
        #expect(Self.names(Self.drain(&sequencer, at: 200) { topic in ends[topic] }) == ["\(Self.requests)@0"])
    }

    @Test("a topic with unread messages holds the others back for at most maxIdle, and that is counted")
    func boundedWait() {
        var sequencer = Self.sequencer(maxIdle: 500)
        sequencer.received(topic: Self.requests, partition: 0, offset: 0, timestamp: 110, message: Self.message("request"))
        let ends = [Self.lifecycle: Int64(5), Self.requests: Int64(1)]
        #expect(Self.drain(&sequencer, at: 1_000) { topic in ends[topic] }.isEmpty)
        #expect(Self.drain(&sequencer, at: 1_499) { topic in ends[topic] }.isEmpty)
        #expect(sequencer.idleExpirations == 0)
        #expect(Self.names(Self.drain(&sequencer, at: 1_500) { topic in ends[topic] }) == ["\(Self.requests)@0", "tick"])
        #expect(sequencer.idleExpirations == 1)
    }

    @Test("every record carries the append time, never going back; a producer's time only orders")
    func timesAreTheSequencers() {
        var sequencer = Self.sequencer()
        let year2099: Int64 = 4_070_908_800_000
        sequencer.received(topic: Self.lifecycle, partition: 0, offset: 0, timestamp: year2099, message: Self.message("future"))
        sequencer.received(topic: Self.requests, partition: 0, offset: 0, timestamp: 0, message: Self.message("past"))
        let appends = Self.drain(&sequencer, at: 5_000) { _ in 1 }
        #expect(Self.names(appends) == ["\(Self.requests)@0", "\(Self.lifecycle)@0", "tick"])
        #expect(appends.count == 1, "one bundle for the partition")
        let times = Self.entries(appends).map(\.time)
        #expect(times == [5_000, 5_000, 5_000])
        // The wall clock stepping back does not take the log's time back.
        sequencer.received(topic: Self.requests, partition: 0, offset: 1, timestamp: 1, message: Self.message("later"))
        #expect(Self.entries(Self.drain(&sequencer, at: 4_000) { topic in topic == Self.lifecycle ? 1 : 2 }).map(\.time) == [5_000])
    }

    @Test("ticks come every tick interval, only while nothing known is unread")
    func ticks() {
        var sequencer = Self.sequencer(maxIdle: 10_000)
        #expect(Self.names(Self.drain(&sequencer, at: 999) { _ in 0 }).isEmpty)
        #expect(Self.names(Self.drain(&sequencer, at: 1_000) { _ in 0 }) == ["tick"])
        #expect(Self.names(Self.drain(&sequencer, at: 1_500) { _ in 0 }).isEmpty)
        // Reports on their way (unread): no tick overtakes them.
        #expect(Self.names(Self.drain(&sequencer, at: 2_500) { topic in topic == Self.lifecycle ? 3 : 0 }).isEmpty)
        sequencer.received(topic: Self.lifecycle, partition: 0, offset: 0, timestamp: 1, message: Self.message("a"))
        sequencer.received(topic: Self.lifecycle, partition: 0, offset: 1, timestamp: 2, message: Self.message("b"))
        sequencer.received(topic: Self.lifecycle, partition: 0, offset: 2, timestamp: 3, message: Self.message("c"))
        #expect(Self.names(Self.drain(&sequencer, at: 2_600) { topic in topic == Self.lifecycle ? 3 : 0 })
            == ["\(Self.lifecycle)@0", "\(Self.lifecycle)@1", "\(Self.lifecycle)@2", "tick"])
    }

    @Test("a tick that would reach no state is left out (a role at rest appends nothing); the interval starts again")
    func ticksOnlyWhenDue() {
        var sequencer = Self.sequencer(maxIdle: 10_000)
        var asked: [Int64] = []
        #expect(sequencer.endsToAsk(at: 1_000, tickReaches: { _ in asked.append(1_000); return false }).isEmpty, "at rest nothing is asked")
        #expect(Self.names(sequencer.drain(at: 1_000)).isEmpty)
        // Not asked again before the next interval.
        #expect(Self.names(Self.drain(&sequencer, at: 1_500, tickReaches: { _ in asked.append(1_500); return true }) { _ in 0 }).isEmpty)
        #expect(Self.names(Self.drain(&sequencer, at: 2_000, tickReaches: { _ in asked.append(2_000); return true }) { _ in 0 }) == ["tick"])
        #expect(asked == [1_000, 2_000])
    }

    @Test("copies keep the source position, key, value and headers; a revoked partition's unappended reads are dropped")
    func copiesAndRevocation() throws {
        var sequencer = Self.sequencer()
        var original = Self.message("claim")
        original.headers = [MessageHeader(name: "ce_id", string: "c-1")]
        sequencer.received(topic: Self.lifecycle, partition: 0, offset: 7, timestamp: 1, message: original)
        let append = try #require(Self.drain(&sequencer, at: 10) { topic in topic == Self.lifecycle ? 8 : 0 }.first)
        guard case let .bundle(records)? = RoleLog.contents(append.message), records.count == 1,
            case let .event(topic, partition, offset, message, time) = records[0]
        else {
            Issue.record("not a bundle of one copy: \(append.message.headers)")
            return
        }
        #expect(topic == Self.lifecycle && partition == 0 && offset == 7 && time == 10)
        #expect(message == original, "the copy is the event as it was on its source topic")
        sequencer.received(topic: Self.requests, partition: 0, offset: 0, timestamp: 5, message: Self.message("request"))
        #expect(sequencer.pendingCount == 1)
        sequencer.revoked(topic: Self.requests, partition: 0)
        sequencer.revoked(topic: Self.lifecycle, partition: 0)
        #expect(sequencer.pendingCount == 0 && sequencer.ownedPartitions.isEmpty)
        // A message of a partition not owned is not taken.
        sequencer.received(topic: Self.requests, partition: 0, offset: 1, timestamp: 5, message: Self.message("late"))
        #expect(Self.drain(&sequencer, at: 20) { _ in 2 }.isEmpty)
    }

    @Test("an event of a type the role does not take is passed over: not appended, and its position can be committed")
    func passesOverTypesNotTaken() {
        var sequencer = Sequencer(
            sourceTopics: [Self.lifecycle, Self.requests], tickedTopics: [],
            passedTypes: [Self.lifecycle: ["server.status.changed"]], settings: Sequencer.Settings(tickInterval: 1_000, maxIdle: 2_000))
        sequencer.assigned(topic: Self.lifecycle, partition: 0, position: 0, at: 0)
        sequencer.assigned(topic: Self.requests, partition: 0, position: 0, at: 0)
        func typed(_ type: String) -> EventMessage {
            EventMessage(key: Array("server-1".utf8), value: [], headers: [MessageHeader(name: "ce_type", string: type)])
        }
        #expect(!sequencer.takes(topic: Self.lifecycle, type: "server.status.changed"))
        #expect(sequencer.takes(topic: Self.requests, type: "server.status.changed"), "on another topic the fold dead-letters it")
        #expect(sequencer.takes(topic: Self.lifecycle, type: nil as String?), "without a type the fold dead-letters it")
        sequencer.received(topic: Self.lifecycle, partition: 0, offset: 0, timestamp: 100, message: typed("server.status.changed"))
        sequencer.received(topic: Self.lifecycle, partition: 0, offset: 1, timestamp: 101, message: typed("server.claimed"))
        sequencer.passed(topic: Self.lifecycle, partition: 0, offset: 2, timestamp: 0)
        sequencer.received(topic: Self.requests, partition: 0, offset: 0, timestamp: 90, message: typed("maintenance.requested"))
        // The lifecycle topic's end (4) is past its position (3), but both sources have a head.
        let ends = [Self.lifecycle: Int64(4), Self.requests: Int64(1)]
        #expect(Self.entries(Self.drain(&sequencer, at: 200) { topic in ends[topic] }).count == 2, "every source has a head: both go, in time order")
        let positions = sequencer.takeCommitPositions().map { "\($0.topic)@\($0.offset)" }
        #expect(positions.sorted() == ["\(Self.requests)@1", "\(Self.lifecycle)@3"])
        #expect(sequencer.takeCommitPositions().isEmpty, "nothing moved since")
        // One read and still waiting keeps the commit position at it.
        sequencer.received(topic: Self.requests, partition: 0, offset: 1, timestamp: 300, message: typed("maintenance.requested"))
        #expect(Self.drain(&sequencer, at: 300) { topic in ends[topic] }.isEmpty)
        #expect(sequencer.takeCommitPositions().map { "\($0.topic)@\($0.offset)" }.sorted() == ["\(Self.requests)@1", "\(Self.lifecycle)@3"])
        // Appended once the wait runs out: the position moves past it.
        #expect(Self.drain(&sequencer, at: 2_300) { topic in ends[topic] }.count == 1)
        #expect(sequencer.takeCommitPositions().map { "\($0.topic)@\($0.offset)" }.sorted() == ["\(Self.requests)@2", "\(Self.lifecycle)@3"])
    }

    @Test("the instance's own records it passes over do not hold the other sources back: reading goes on past them before they are read back")
    func ownRecordsPassedWhereTheyLanded() {
        let transitions = "server.transitions"
        var sequencer = Sequencer(
            sourceTopics: [transitions, Self.requests], tickedTopics: [],
            passedTypes: [transitions: ["maintenance.state.changed"]], settings: Sequencer.Settings(tickInterval: 1_000, maxIdle: 60_000))
        sequencer.assigned(topic: transitions, partition: 0, position: 0, at: 0)
        sequencer.assigned(topic: Self.requests, partition: 0, position: 0, at: 0)
        func typed(_ type: String) -> EventMessage {
            EventMessage(key: Array("server-1".utf8), value: [], headers: [MessageHeader(name: "ce_type", string: type)])
        }
        // The instance's outputs landed at 0, 1 and 3; another writer's record is at 2.
        sequencer.delivered(topic: transitions, partition: 0, offsets: [0, 1, 3])
        sequencer.received(topic: Self.requests, partition: 0, offset: 0, timestamp: 10, message: typed("maintenance.requested"))
        let ends = [transitions: Int64(4), Self.requests: Int64(1)]
        #expect(Self.drain(&sequencer, at: 100) { topic in ends[topic] }.isEmpty, "offset 2 is another writer's, unread: the request waits")
        // Committed only up to what was read: the own records are not read back yet.
        #expect(sequencer.takeCommitPositions().map { "\($0.topic)@\($0.offset)" }.sorted() == ["\(Self.requests)@0", "\(transitions)@0"])
        sequencer.received(topic: transitions, partition: 0, offset: 2, timestamp: 5, message: typed("server.power.changed"))
        #expect(Self.names(Self.drain(&sequencer, at: 110) { topic in ends[topic] }) == ["\(transitions)@2", "\(Self.requests)@0"])
        // Read back later, the own record at 3 is not read again. (Those at 0 and 1, before 2 in
        // the log, were read before it: a record read below what was read is a restart of the
        // source's offsets, `ReusedSourceOffsetTests`.)
        sequencer.received(topic: transitions, partition: 0, offset: 3, timestamp: 1, message: typed("maintenance.state.changed"))
        #expect(sequencer.pendingCount == 0)
        #expect(sequencer.takeCommitPositions().map { "\($0.topic)@\($0.offset)" }.sorted() == ["\(Self.requests)@1", "\(transitions)@4"])
        // Records of a partition not owned, or before the position is known, are not taken in.
        sequencer.delivered(topic: transitions, partition: 7, offsets: [0])
        #expect(sequencer.takeCommitPositions().isEmpty)
    }

    @Test("an own record reported at another writer's offset is not committed past: the record there is still read and appended")
    func wrongDeliveryOffsetIsNotCommittedPast() {
        let transitions = "server.transitions"
        var sequencer = Sequencer(
            sourceTopics: [transitions], tickedTopics: [], passedTypes: [transitions: ["maintenance.state.changed"]],
            settings: Sequencer.Settings(tickInterval: 1_000, maxIdle: 60_000))
        sequencer.assigned(topic: transitions, partition: 0, position: 5, at: 0)
        func typed(_ type: String) -> EventMessage {
            EventMessage(key: Array("server-1".utf8), value: [], headers: [MessageHeader(name: "ce_type", string: type)])
        }
        // A delivery report (under produce errors) names offsets 5–7, where another writer's
        // records are: among them a report the role takes.
        sequencer.delivered(topic: transitions, partition: 0, offsets: [5, 6, 7])
        #expect(sequencer.takeCommitPositions().map { "\($0.topic)@\($0.offset)" } == ["\(transitions)@5"], "not past what was read")
        // Read after all: the record at 7 is appended, and only then is 8 committed.
        sequencer.passed(topic: transitions, partition: 0, offset: 5, timestamp: 0)
        sequencer.passed(topic: transitions, partition: 0, offset: 6, timestamp: 0)
        sequencer.received(topic: transitions, partition: 0, offset: 7, timestamp: 1, message: typed("power.command.completed"))
        #expect(Self.names(Self.drain(&sequencer, at: 10) { _ in 8 }) == ["\(transitions)@7"])
        #expect(sequencer.takeCommitPositions().map { "\($0.topic)@\($0.offset)" } == ["\(transitions)@8"])
    }
}
