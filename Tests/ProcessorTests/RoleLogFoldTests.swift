import Contracts
import Events
import Lifecycle
import Processor
import MaintenancedTesting
import Testing

/// A role folds one ordered log: the order and the time are the log's, so a replay gives
/// the first run's outputs and states byte for byte, a copy appended twice is applied once,
/// and a late changelog write rolls nothing back.
@Suite("Each role folds one ordered log")
struct RoleLogFoldTests {
    static let counts = Dictionary(uniqueKeysWithValues: PowerContract.inputTopics.map { ($0, Int32(12)) })
    static let settings = PowerController.Settings(signOfLifeTimeout: .minutes(10))
    static let t0: Int64 = 1_767_225_600_000

    static func engine(_ name: String = "fold-test") -> RoleEngine {
        RoleEngine(role: .power, logics: [PowerLogic(settings: settings)], partitionCounts: counts, consumerName: name)
    }

    /// Two servers on one partition, `a` and `b`, and their events.
    static let (a, b): (String, String) = {
        var found: [String] = []
        for index in 0... {
            let key = "server-\(index)"
            if Partitioner.partition(of: key, count: 12) == 3 { found.append(key) }
            if found.count == 2 { return (found[0], found[1]) }
        }
        fatalError("unreachable")
    }()

    static func event(_ type: String, _ server: String, ceTime: Int64, id: String) -> EventMessage {
        CloudEventCodec().encode(OutgoingEvent(type, key: server, [:]).cloudEvent(id: id, source: "/tests", time: ceTime), key: server)
    }

    static func statuses(_ records: [OutgoingRecord]) -> [String] {
        records.compactMap { record in
            guard let event = try? CloudEventCodec().decode(record.message), event.type == EventName.serverStatusChanged else { return nil }
            return "\(event.subject ?? "") \(event.data?["to"]?["status"]?.stringValue ?? "")/\(event.data?["to"]?["detail"]?.stringValue ?? "")"
        }
    }

    @Test("a producer's ce_time is data, not the clock: events dated 2099 and 1970 fire no other server's wait early or late")
    func producerTimeIsNotTheClock() {
        var engine = Self.engine()
        var log = RoleLogWriter()
        let topic = TopicName.serverLifecycle
        var offset: Int64 = 0
        func fold(_ type: String, _ server: String, ceTime: Int64, at time: Int64) -> [OutgoingRecord] {
            defer { offset += 1 }
            return log.fold(&engine, Self.event(type, server, ceTime: ceTime, id: "e\(offset)"), topic: topic, partition: 3, offset: offset, time: time)
        }
        // Server a registers and is configured: Ready, watched for a sign of life (10 minutes).
        _ = fold(EventName.serverRegistered, Self.a, ceTime: Self.t0, at: Self.t0)
        let ready = fold(EventName.serverConfigured, Self.a, ceTime: Self.t0, at: Self.t0)
        #expect(Self.statuses(ready) == ["\(Self.a) Ready/none"])
        // Server b's agent has a clock far off: 2099, then 1970.
        let year2099: Int64 = 4_070_908_800_000
        _ = fold(EventName.serverRegistered, Self.b, ceTime: year2099, at: Self.t0 + 1_000)
        _ = fold(EventName.serverHeartbeat, Self.b, ceTime: 0, at: Self.t0 + 2_000)
        // Ticks within a's 10 minutes fire nothing, whatever b's events said the time was.
        #expect(Self.statuses(log.tick(&engine, partition: 3, time: Self.t0 + 5_000)).isEmpty)
        #expect(Self.statuses(log.tick(&engine, partition: 3, time: Self.t0 + 599_000)).isEmpty)
        // The sequencer asks whether a tick would reach a state: not before a's wait ends, nor on another partition.
        #expect(!engine.tickReaches(partition: 3, at: Self.t0 + 599_000))
        #expect(engine.tickReaches(partition: 3, at: Self.t0 + 600_000))
        #expect(!engine.tickReaches(partition: 2, at: Self.t0 + 600_000))
        // And the wait fires at its own time, not later.
        #expect(Self.statuses(log.tick(&engine, partition: 3, time: Self.t0 + 600_000)) == ["\(Self.a) Offline/unresponsive"])
    }

    /// A log of both servers' events and ticks, with the outputs and changelog of folding it in one go.
    static func log() -> RoleLogWriter {
        var engine = Self.engine()
        var log = RoleLogWriter()
        var offset: Int64 = 0
        for (step, (type, server)) in [
            (EventName.serverRegistered, a), (EventName.serverConfigured, a), (EventName.serverRegistered, b),
            (EventName.serverHeartbeat, a), (EventName.serverConfigured, b), (EventName.updateStarted, a),
        ].enumerated() {
            _ = log.fold(&engine, Self.event(type, server, ceTime: 0, id: "e\(offset)"), topic: TopicName.serverLifecycle, partition: 3, offset: offset, time: t0 + Int64(step) * 200_000)
            offset += 1
            _ = log.tick(&engine, partition: 3, time: t0 + Int64(step) * 200_000 + 100_000)
        }
        _ = log.tick(&engine, partition: 3, time: t0 + 2_000_000)
        return log
    }

    /// Folds `records` (the log from `start`) into `engine`, with the changelog after each record.
    static func fold(_ engine: inout RoleEngine, _ records: ArraySlice<EventMessage>, from start: Int) throws -> (outputs: [OutgoingRecord], changelog: [OutgoingRecord]) {
        var outputs: [OutgoingRecord] = []
        var changelog: [OutgoingRecord] = []
        for (index, record) in records.enumerated() {
            outputs += engine.process(record, partition: 3, offset: Int64(start + index))
            changelog += try engine.takeChangelog()
        }
        return (outputs, changelog)
    }

    static func restore(_ engine: inout RoleEngine, from changelog: [OutgoingRecord]) throws {
        for record in changelog {
            try engine.restore(changelog: record.topic, partition: 3, key: record.message.key, value: record.message.value, headers: record.message.headers)
        }
    }

    /// The newest changelog value of each key (checkpoint included), as a restore keeps it.
    static func finalStates(_ changelog: [OutgoingRecord]) -> [String: [UInt8]] {
        var states: [String: [UInt8]] = [:]
        for record in changelog { states[String(decoding: record.message.key ?? [], as: UTF8.self)] = record.message.value }
        return states
    }

    @Test("a partition restored in a copy of the engine (on another thread) and adopted folds on exactly as one restored in place")
    func adoptedRestore() throws {
        let records = Self.log().log[3]!
        let cut = records.count / 2
        var before = Self.engine()
        let head = try Self.fold(&before, records[..<cut], from: 0)
        var inPlace = Self.engine()
        try Self.restore(&inPlace, from: head.changelog)
        let owner = Self.engine()
        var copy = owner
        try Self.restore(&copy, from: head.changelog)
        var adopting = owner
        #expect(adopting.stateCount == 0)
        adopting.adopt(partition: 3, from: copy)
        #expect(adopting.stateCount == inPlace.stateCount && adopting.stateCount > 0)
        let expected = try Self.fold(&inPlace, records[cut...], from: cut)
        let adopted = try Self.fold(&adopting, records[cut...], from: cut)
        #expect(!expected.outputs.isEmpty)
        #expect(adopted.outputs == expected.outputs)
        #expect(Self.finalStates(adopted.changelog) == Self.finalStates(expected.changelog))
        // Another partition's number adopts nothing.
        var other = owner
        other.adopt(partition: 2, from: copy)
        #expect(other.stateCount == 0)
    }

    @Test("replayed from any changelog checkpoint, the log gives the first run's outputs and states byte for byte, ticks included")
    func replayFromAnyCheckpoint() throws {
        let records = Self.log().log[3]!
        var first = Self.engine()
        let whole = try Self.fold(&first, records[...], from: 0)
        #expect(!whole.outputs.isEmpty)
        for cut in 0...records.count {
            // The first run up to `cut`, its changelog restored by a new owner, which folds the rest
            // (and, as after a crash before the commit, the records before `cut` again).
            var before = Self.engine()
            let head = try Self.fold(&before, records[..<cut], from: 0)
            var owner = Self.engine()
            try Self.restore(&owner, from: head.changelog)
            let replayed = try Self.fold(&owner, records[...], from: 0)
            #expect(head.outputs + replayed.outputs == whole.outputs, "cut at \(cut)")
            #expect(Self.finalStates(head.changelog + replayed.changelog) == Self.finalStates(whole.changelog), "cut at \(cut)")
        }
    }

    @Test("a copy the sequencer appended twice (restarted before committing) is applied once")
    func copyAppendedTwice() throws {
        var engine = Self.engine()
        let register = Self.event(EventName.serverRegistered, Self.a, ceTime: 0, id: "r")
        let configure = Self.event(EventName.serverConfigured, Self.a, ceTime: 0, id: "c")
        let topic = TopicName.serverLifecycle
        var outputs: [[OutgoingRecord]] = []
        // Source offsets 0 and 1, then both again (a second sequencer), then 2.
        for (logOffset, (message, source)) in [(register, 0), (configure, 1), (register, 0), (configure, 1)].enumerated() {
            outputs.append(engine.process(RoleLog.copy(message, topic: topic, partition: 3, offset: Int64(source), time: Self.t0), partition: 3, offset: Int64(logOffset)))
        }
        #expect(!outputs[0].isEmpty && !outputs[1].isEmpty)
        #expect(outputs[2].isEmpty && outputs[3].isEmpty, "copies answered: \(outputs[2...])")
    }

    @Test("an expelled instance's late changelog and outputs: no state rolled back, nothing applied twice, every output a duplicate by ce_id")
    func zombieWrites() throws {
        let records = Self.log().log[3]!
        // The owner folded up to 6 and wrote its changelog; it is expelled but goes on folding to the end.
        var zombie = Self.engine("zombie")
        let early = try Self.fold(&zombie, records[..<6], from: 0)
        // The new owner restores the changelog as written so far and folds everything from its checkpoint.
        var owner = Self.engine("owner")
        try Self.restore(&owner, from: early.changelog)
        let ownerRun = try Self.fold(&owner, records[6...], from: 6)
        // The zombie folds the same records: its outputs are the owner's, ids included (de-duplicated downstream).
        let zombieRun = try Self.fold(&zombie, records[6...], from: 6)
        #expect(Set(zombieRun.outputs.compactMap { $0.message.header("ce_id") }) == Set(ownerRun.outputs.compactMap { $0.message.header("ce_id") }))
        #expect(!ownerRun.outputs.isEmpty)
        // Its changelog lands after the owner's, and a third owner restores both: the newest of each key wins.
        var third = Self.engine("third")
        try Self.restore(&third, from: early.changelog + ownerRun.changelog + Array(zombieRun.changelog.prefix(2)))
        var reference = Self.engine("reference")
        try Self.restore(&reference, from: early.changelog + ownerRun.changelog)
        // Folding the whole log again changes nothing and sends nothing: every record is reflected.
        #expect(try Self.fold(&third, records[...], from: 0).outputs.isEmpty)
        #expect(try Self.fold(&reference, records[...], from: 0).outputs.isEmpty)
        // An older state written late does not replace a newer one.
        var rolledBack = Self.engine("late")
        try Self.restore(&rolledBack, from: ownerRun.changelog + early.changelog)
        let late = try Self.fold(&rolledBack, records[...], from: 0)
        #expect(late.outputs.isEmpty, "an older changelog record written late rolled a state back: \(Self.statuses(late.outputs))")
    }

    @Test("an event of maintenanced's own roles sent again (its role replayed after a restart) is recognised by its id, not rejected; a client's duplicate still is")
    func ownEventSentAgain() throws {
        let counts = Dictionary(uniqueKeysWithValues: SchedulerContract.inputTopics.map { ($0, Int32(12)) })
        var engine = RoleEngine(role: .scheduler, logics: [SchedulerLogic()], partitionCounts: counts, consumerName: "own-events")
        let key = Self.a
        func send(_ type: String, _ data: JSONValue, id: String, source: String, at offset: Int64) -> [OutgoingRecord] {
            let message = CloudEventCodec().encode(OutgoingEvent(type, key: key, data).cloudEvent(id: id, source: source, time: 0), key: key)
            return engine.process(RoleLog.copy(message, topic: TopicName.maintenanceRequests, partition: 3, offset: offset, time: Self.t0), partition: 3, offset: offset)
        }
        let lease: JSONValue = ["requestId": "update-1-lease"]
        // Ids of both shapes: one as EventID derives them, one of any other shape.
        let released = EventID.derive(from: "update.input/3/1#0", role: "update", index: 1)
        #expect(!send(EventName.disruptionRequested, lease, id: "u-1", source: Role.update.source, at: 0).isEmpty)
        #expect(send(EventName.disruptionReleased, lease, id: released, source: Role.update.source, at: 1).isEmpty)
        // The update role, restarted, sends both again with the same ids: nothing to answer.
        #expect(send(EventName.disruptionRequested, lease, id: "u-1", source: Role.update.source, at: 2).isEmpty)
        #expect(send(EventName.disruptionReleased, lease, id: released, source: Role.update.source, at: 3).isEmpty)
        // The ids survive a restore: the record carries their fingerprints.
        let changelog = try engine.takeChangelog()
        let fingerprints = ["u-1", released].map { id in
            let digits = String(EventID.fingerprint(id), radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        #expect(changelog.compactMap { $0.message.headers.string(named: RoleEngine.recentHeader) } == [fingerprints.joined(separator: ",")])
        #expect(changelog.allSatisfy { $0.message.headers.string(named: RoleEngine.recentIDsHeader) == nil })
        func restored(from records: [OutgoingRecord]) throws -> RoleEngine {
            var restored = RoleEngine(role: .scheduler, logics: [SchedulerLogic()], partitionCounts: counts, consumerName: "own-events")
            for record in records {
                try restored.restore(changelog: record.topic, partition: 3, key: record.message.key, value: record.message.value, headers: record.message.headers)
            }
            return restored
        }
        // So does a record of a build before fingerprints, which carried the ids themselves.
        let older = changelog.map { record in
            guard let offset = record.message.headers.string(named: RoleEngine.offsetHeader) else { return record }
            var message = record.message
            message.headers = MessageHeaders()
            message.headers.append(name: RoleEngine.offsetHeader, string: offset)
            message.headers.append(name: RoleEngine.recentIDsHeader, string: "u-1,\(released)")
            return OutgoingRecord(topic: record.topic, partition: record.partition, message: message)
        }
        #expect(older.contains { $0.message.headers.string(named: RoleEngine.recentIDsHeader) != nil })
        for records in [changelog, older] {
            engine = try restored(from: records)
            #expect(send(EventName.disruptionReleased, lease, id: released, source: Role.update.source, at: 4).isEmpty)
            #expect(send(EventName.disruptionRequested, lease, id: "u-1", source: Role.update.source, at: 5).isEmpty)
        }
        // A new own event, its id one digit off the one taken, is answered (a release without its lease is rejected).
        let other = String(released.dropLast()) + (released.hasSuffix("0") ? "1" : "0")
        #expect(send(EventName.disruptionReleased, lease, id: other, source: Role.update.source, at: 6).count == 1)
        // A client's request sent twice is answered as a duplicate.
        let request: JSONValue = ["namespace": "ops", "name": "bios", "type": "BIOSUpdate"]
        _ = send(EventName.maintenanceRequested, request, id: "c-1", source: "/ops", at: 7)
        let again = send(EventName.maintenanceRequested, request, id: "c-1", source: "/ops", at: 8)
        #expect(again.count == 1 && again.first?.message.header("ce_type") == EventName.transitionRejected)
    }
}
