import Contracts
import Events
import Processor
import Testing

/// Adversarial (time and order): the fold recognises a copy appended twice by its source offset
/// alone (the checkpoint's next source offset per topic; RUNTIME.md "A copy appended twice is
/// applied once"), and the sequencer starts a source at its committed offset. Both take source
/// offsets to be never reused. A source topic deleted and created again (to change its
/// configuration or partitions, or by a mistaken `topics` run), or a partition truncated by an
/// unclean leader election, starts its offsets again below both: librdkafka resets the fetch
/// to the log start, the sequencer keeps the old committed position (it counts the source read
/// up to its end while its new messages are unread, and commits the old position again), and
/// the fold takes every new event below the checkpoint's offset for a copy it already applied:
/// up to that many events per partition are dropped without a dead letter, a rejection or a log line.
///
/// Mended: a record read below where its source was read is a restart of the source's offsets;
/// the sequencer appends a restart (`RoleLog.Record.restart`) ahead of it and the fold takes what
/// follows as new, once, also when the restart is appended again.
@Suite("A source topic whose offsets start again below the checkpoint (recreated, truncated): its new events are folded as new, once")
struct ReusedSourceOffsetTests {
    @Test("after 100 events of server.lifecycle[3] were folded, the topic is recreated: its first new event is appended and applied, not skipped as a copy")
    func recreatedSource() throws {
        let topic = TopicName.serverLifecycle
        let register = RoleLogFoldTests.event(EventName.serverRegistered, RoleLogFoldTests.a, ceTime: 0, id: "register-after-recreation")
        let t0 = RoleLogFoldTests.t0

        // What the event does to an engine that has not seen the topic before.
        var fresh = RoleLogFoldTests.engine()
        let expected = fresh.process(RoleLog.copy(register, topic: topic, partition: 3, offset: 0, time: t0), partition: 3, offset: 0)
        #expect(!expected.isEmpty)

        // The engine restored a checkpoint of its log at 150 that applied server.lifecycle[3] up to offset 100.
        var engine = RoleLogFoldTests.engine()
        let checkpoint: JSONObject = ["input": .int(150), "sources": .object([topic: .int(100)]), "time": .int(t0)]
        try engine.restore(
            changelog: engine.changelogTopics[0], partition: 3, key: Array(RoleEngine.checkpointKey.utf8), value: JSONWriter.bytes(.object(checkpoint)))

        // The sequencer starts the source at its committed offset, 100; the recreated topic ends at 1.
        var sequencer = Sequencer(sourceTopics: engine.sourceTopics, tickedTopics: [], passedTypes: engine.passedTypes, settings: .init(maxIdle: 60_000))
        for source in engine.sourceTopics {
            sequencer.assigned(topic: source, partition: 3, position: source == topic ? 100 : 0, at: t0)
        }
        sequencer.received(topic: topic, partition: 3, offset: 0, timestamp: t0, message: register)
        for ask in sequencer.endsToAsk(at: t0) {
            sequencer.ended(topic: ask.topic, partition: ask.partition, offset: ask.topic == topic ? 1 : 0)
        }
        let appends = sequencer.drain(at: t0)
        #expect(appends.count == 1)
        let commits = sequencer.takeCommitPositions().filter { $0.topic == topic }.map(\.offset)

        var outputs: [OutgoingRecord] = []
        for append in appends { outputs += engine.process(append.message, partition: 3, offset: 150) }
        let report = engine.takeReport()
        let noticed = !report.deadLetters.isEmpty || !report.rejections.isEmpty
        #expect(outputs.count == expected.count || noticed,
            "the new event was dropped as a copy of source offset 0 of the old topic: \(outputs.count) outputs (a fresh engine: \(expected.count)), nothing reported; the source is committed at \(commits)")
    }

    static let topic = TopicName.serverLifecycle

    /// An engine that restored a checkpoint of its log at 150 that applied server.lifecycle[3] up to offset 100.
    static func restoredEngine() throws -> RoleEngine {
        var engine = RoleLogFoldTests.engine()
        let checkpoint: JSONObject = ["input": .int(150), "sources": .object([topic: .int(100)]), "time": .int(RoleLogFoldTests.t0)]
        try engine.restore(
            changelog: engine.changelogTopics[0], partition: 3, key: Array(RoleEngine.checkpointKey.utf8), value: JSONWriter.bytes(.object(checkpoint)))
        return engine
    }

    /// A sequencer assigned server.lifecycle[3] at 100 that read the old topic's record there and
    /// knows its end, 101.
    static func sequencerAfterOldRecord() -> Sequencer {
        let t0 = RoleLogFoldTests.t0
        var sequencer = Sequencer(sourceTopics: [topic], tickedTopics: [], settings: .init(maxIdle: 60_000))
        sequencer.assigned(topic: topic, partition: 3, position: 100, at: t0)
        sequencer.received(topic: topic, partition: 3, offset: 100, timestamp: t0, message: RoleLogFoldTests.event(EventName.serverHeartbeat, RoleLogFoldTests.a, ceTime: 0, id: "old"))
        #expect(sequencer.endsToAsk(at: t0).map(\.topic) == [topic])
        sequencer.ended(topic: topic, partition: 3, offset: 101)
        return sequencer
    }

    @Test("a record read below where its source was read goes to the log after a restart; the source is asked for its end again and committed where it starts now")
    func sequencerStartsTheSourceAgain() {
        let t0 = RoleLogFoldTests.t0
        // The old topic's record at 100 is read, and its end (101) is known ...
        var sequencer = Self.sequencerAfterOldRecord()
        // ... then, before it is appended, the topic is recreated and read from its new start.
        sequencer.received(topic: Self.topic, partition: 3, offset: 0, timestamp: t0 + 5, message: RoleLogFoldTests.event(EventName.serverRegistered, RoleLogFoldTests.a, ceTime: 0, id: "new"))
        #expect(sequencer.takeRestarts().map { "\($0.topic)[\($0.partition)] \($0.from)->\($0.to)" } == ["\(Self.topic)[3] 101->0"])
        #expect(sequencer.takeRestarts().isEmpty, "taken once")
        // The end answered before belongs to the old records: it is asked again, and once answered
        // everything goes at once, without waiting maxIdle for a position of 101 never to come.
        #expect(sequencer.endsToAsk(at: t0).map(\.topic) == [Self.topic])
        sequencer.ended(topic: Self.topic, partition: 3, offset: 1)
        let appends = sequencer.drain(at: t0)
        #expect(SequencerTests.names(appends) == ["\(Self.topic)@100", "restart \(Self.topic)@0", "\(Self.topic)@0"])
        let restart = SequencerTests.entries(appends).compactMap { record -> Int64? in
            if case let .restart(_, partition, _, timestamp, _) = record, partition == 3 { timestamp } else { nil }
        }
        #expect(restart == [t0 + 5], "the restart carries the Kafka timestamp of the record it starts at")
        #expect(sequencer.takeCommitPositions().map(\.offset) == [1], "committed where the source stands now, below the old position")
        #expect(sequencer.idleExpirations == 0)
    }

    @Test("a commit position that goes back is flagged (committed by name), also when the restart comes a round after the old records were committed")
    func loweredCommitIsFlagged() {
        let t0 = RoleLogFoldTests.t0
        var sequencer = Self.sequencerAfterOldRecord()
        #expect(sequencer.drain(at: t0).count == 1)
        #expect(sequencer.takeCommitPositions().map(\.offset) == [101])
        var lowered = sequencer.takeCommitLowered()
        #expect(!lowered)
        // The next round reads the recreated topic from its start.
        sequencer.received(topic: Self.topic, partition: 3, offset: 0, timestamp: t0 + 5, message: RoleLogFoldTests.event(EventName.serverRegistered, RoleLogFoldTests.a, ceTime: 0, id: "new"))
        #expect(sequencer.takeCommitPositions().map(\.offset) == [0])
        lowered = sequencer.takeCommitLowered()
        #expect(lowered)
        lowered = sequencer.takeCommitLowered()
        #expect(!lowered, "taken once")
        _ = sequencer.endsToAsk(at: t0)
        sequencer.ended(topic: Self.topic, partition: 3, offset: 1)
        #expect(SequencerTests.names(sequencer.drain(at: t0)) == ["restart \(Self.topic)@0", "\(Self.topic)@0"])
        #expect(sequencer.takeCommitPositions().map(\.offset) == [1])
        lowered = sequencer.takeCommitLowered()
        #expect(!lowered, "1 is above 0")
    }

    @Test("a restart and its copies appended twice (a sequencer restarted before committing) are applied once, also across a restore; another restart applies again")
    func restartAppendedTwiceCountsOnce() throws {
        let t0 = RoleLogFoldTests.t0
        let registerA = RoleLogFoldTests.event(EventName.serverRegistered, RoleLogFoldTests.a, ceTime: 0, id: "register-a")
        let registerB = RoleLogFoldTests.event(EventName.serverRegistered, RoleLogFoldTests.b, ceTime: 0, id: "register-b")
        let first: [RoleLog.Record] = [
            .restart(topic: Self.topic, partition: 3, offset: 0, timestamp: t0, time: t0),
            .event(topic: Self.topic, partition: 3, offset: 0, message: registerA, time: t0),
        ]
        var engine = try Self.restoredEngine()
        var log = RoleLogWriter(next: [3: 150])
        let applied = log.append(first, partition: 3, into: &engine)
        #expect(RoleLogFoldTests.statuses(applied).count == 1, "the new server's status")
        #expect(log.append(first, partition: 3, into: &engine).isEmpty, "appended again: the same restart, and a copy of offset 0")

        // A new owner restores the changelog and gets the same bundle appended once more.
        let changelog = try engine.takeChangelog()
        var owner = RoleLogFoldTests.engine("new-owner")
        for record in changelog {
            try owner.restore(changelog: record.topic, partition: 3, key: record.message.key, value: record.message.value, headers: record.message.headers)
        }
        #expect(log.append(first, partition: 3, into: &owner).isEmpty, "the checkpoint carries the restart")

        // The topic is recreated once more: a restart at 0 again, of another record.
        let second: [RoleLog.Record] = [
            .restart(topic: Self.topic, partition: 3, offset: 0, timestamp: t0 + 60_000, time: t0 + 60_000),
            .event(topic: Self.topic, partition: 3, offset: 0, message: registerB, time: t0 + 60_000),
        ]
        #expect(RoleLogFoldTests.statuses(log.append(second, partition: 3, into: &owner)) == RoleLogFoldTests.statuses(applied).map {
            $0.replacingOccurrences(of: RoleLogFoldTests.a, with: RoleLogFoldTests.b)
        })
    }
}
