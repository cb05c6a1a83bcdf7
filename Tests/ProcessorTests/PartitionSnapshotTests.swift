import Contracts
import Events
import Foundation
import Headers
import Kafka
import Lifecycle
import Processor
import Testing

/// A snapshot of a changelog partition is the fold of the changelog up to its offset: restored
/// with the changelog written after it, it gives what the whole changelog gives.
@Suite("State snapshots: the file, the directory and the fold they stand for")
struct PartitionSnapshotTests {
    static let changelog = KafkaTopicPartition(topic: "scheduler.state", partition: 3)

    static func sample() -> PartitionSnapshot {
        var headers = MessageHeaders()
        headers.append(name: "mtd-offset", string: "41")
        headers.append(name: "empty", value: nil)
        return PartitionSnapshot(
            changelog: changelog, offset: 1_234, written: 1_700_000_000_000,
            records: [
                EventMessage(key: Array("server-1".utf8), value: Array(#"{"a":1}"#.utf8), headers: headers),
                EventMessage(key: Array(RoleEngine.checkpointKey.utf8), value: Array(#"{"input":42}"#.utf8), headers: []),
                EventMessage(key: [], value: [], headers: []),
            ])
    }

    @Test("a snapshot reads back from its bytes as it was written")
    func roundTrip() throws {
        let snapshot = Self.sample()
        #expect(try PartitionSnapshot(bytes: snapshot.bytes) == snapshot)
        let empty = PartitionSnapshot(changelog: Self.changelog, offset: 0, written: 5, records: [])
        #expect(try PartitionSnapshot(bytes: empty.bytes) == empty)
    }

    @Test("bytes cut short, with extra bytes, or of another format are refused with the reason")
    func damaged() {
        let bytes = Self.sample().bytes
        for cut in [0, 5, 16, 20, bytes.count / 2, bytes.count - 1] {
            #expect(throws: PartitionSnapshot.FormatError.self, "cut at \(cut)") { try PartitionSnapshot(bytes: Array(bytes[..<cut])) }
        }
        #expect(throws: PartitionSnapshot.FormatError.self) { try PartitionSnapshot(bytes: bytes + [0]) }
        var other = bytes
        other[0] = UInt8(ascii: "X")
        let error = #expect(throws: PartitionSnapshot.FormatError.self) { try PartitionSnapshot(bytes: other) }
        #expect(error?.description.contains("not a snapshot") == true)
    }

    @Test("the directory writes a snapshot whole, tells its offset, and gives it once")
    func directory() throws {
        let path = NSTemporaryDirectory() + "snapshots-\(UUID().uuidString)/nested"
        let directory = StateDirectory(path: path)
        // The parent is missing: creating it is the caller's (prepare makes one level).
        #expect(throws: StateDirectory.Failure.self) { try directory.prepare() }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try directory.prepare()
        try directory.prepare()
        #expect(try FileManager.default.contentsOfDirectory(atPath: path).isEmpty, "its check leaves nothing behind")
        // One where no file can be made stops it, for root too (`access()` would say yes).
        let virtual = #expect(throws: StateDirectory.Failure.self) { try StateDirectory(path: "/proc").prepare() }
        #expect(virtual?.description.hasPrefix("/proc: cannot write in it: ") == true)

        let snapshot = Self.sample()
        #expect(try directory.offset(of: Self.changelog) == nil)
        #expect(try directory.take(Self.changelog) == nil)
        try directory.write(snapshot)
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == ["scheduler.state-3.snapshot"])
        #expect(try directory.offset(of: Self.changelog) == 1_234)
        #expect(try directory.take(Self.changelog) == snapshot)
        #expect(try directory.take(Self.changelog) == nil, "a snapshot is given once")

        // Another partition's file under this one's name is refused, and removed all the same.
        let other = KafkaTopicPartition(topic: "scheduler.state", partition: 4)
        try Data(snapshot.bytes).write(to: URL(fileURLWithPath: directory.file(of: other)))
        let error = #expect(throws: StateDirectory.Failure.self) { try directory.take(other) }
        #expect(error?.description.contains("not of scheduler.state") == true)
        #expect(try directory.take(other) == nil)

        // Garbage: its offset cannot be read.
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: directory.file(of: other)))
        #expect(throws: StateDirectory.Failure.self) { try directory.offset(of: other) }
        directory.discard(other)
        #expect(try directory.offset(of: other) == nil)

        // A write's temporary file left by a process that is gone is removed at the next start;
        // one of a running process (this one) stays.
        // So is the probe of a check whether the directory can be written in (`prepare`, `config check`).
        let leftover = directory.file(of: Self.changelog) + ".999999999.42.tmp"
        let writing = directory.file(of: Self.changelog) + ".\(getpid()).43.tmp"
        let probe = "\(directory.path)/.maintenanced-check.999999999.7"
        let probing = "\(directory.path)/.maintenanced-check.\(getpid()).8"
        for file in [leftover, writing, probe, probing] { try Data().write(to: URL(fileURLWithPath: file)) }
        #expect(try directory.prepare() == 2)
        #expect(!FileManager.default.fileExists(atPath: leftover) && !FileManager.default.fileExists(atPath: probe))
        #expect(FileManager.default.fileExists(atPath: writing) && FileManager.default.fileExists(atPath: probing))
        #expect(StateDirectory.writer(ofTemporary: "scheduler.state-3.snapshot.123.456.tmp") == 123)
        #expect(StateDirectory.writer(ofTemporary: ".maintenanced-check.123.456") == 123)
        #expect(StateDirectory.writer(ofTemporary: "scheduler.state-3.snapshot") == nil)
        #expect(StateDirectory.writer(ofTemporary: "maintenanced-check.123.456") == nil)
        #expect(StateDirectory.writer(ofTemporary: ".maintenanced-check.123.x") == nil)
        try FileManager.default.removeItem(atPath: writing)
        try FileManager.default.removeItem(atPath: probing)

        let file = NSTemporaryDirectory() + "not-a-directory-\(UUID().uuidString)"
        try Data().write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let notDirectory = #expect(throws: StateDirectory.Failure.self) { try StateDirectory(path: file).prepare() }
        #expect(notDirectory?.description.contains("not a directory") == true)
    }

    /// Random inputs of `role` over a few servers, with ticks among them.
    static func workload(of role: Role, count: Int, using generator: inout some RandomNumberGenerator) -> [WireInput?] {
        let templates: [(String, JSONObject)] =
            switch role {
            case .scheduler:
                [
                    (EventName.maintenanceRequested, ["namespace": "ops", "name": "bios", "type": "BIOSUpdate"]),
                    (EventName.maintenanceRequested, ["namespace": "ops", "name": "clean", "type": "Cleanup", "priority": 5]),
                    (EventName.serverClaimed, ["owner": "team-a", "okToMaintenance": false]),
                    (EventName.serverReleased, [:]),
                    (EventName.maintenanceApproved, [:]),
                    (EventName.maintenanceCancellationRequested, ["namespace": "ops", "name": "clean"]),
                ]
            case .power:
                [
                    (EventName.serverRegistered, [:]), (EventName.serverConfigured, [:]), (EventName.bmcPowerObserved, ["power": "on"]),
                    (EventName.updateStarted, [:]), (EventName.updateCompleted, ["requiresReboot": false]),
                    (EventName.powerOffRequested, ["requestId": "op-1", "requester": "operator"]),
                ]
            case .update:
                [
                    (EventName.incusClusterJoined, ["cluster": "cluster-1"]), (EventName.updateAvailable, ["version": "2026.1"]),
                    (EventName.incusClusterLeft, [:]),
                ]
            }
        return (0..<count).map { index in
            if Int.random(in: 0..<8, using: &generator) == 0 { return nil }
            let (type, data) = templates.randomElement(using: &generator)!
            return WireInput.event(type, "server-\(Int.random(in: 0..<6, using: &generator))", id: "e-\(index)", time: Int64(1_000 * (index + 1)), data)
        }
    }

    @Test(
        "for random inputs and a random moment: the snapshot and the changelog after it restore what the whole changelog restores, in either order, and what the folding engine holds",
        arguments: Role.allCases)
    func snapshotAndTailEqualWholeChangelog(role: Role) throws {
        var generator = SplitMix(seed: 0x5eed_0000 + UInt64(role.rawValue.utf8.count))
        let partitions = 0..<WireInput.partitionCount
        for round in 0..<40 {
            let inputs = Self.workload(of: role, count: Int.random(in: 1...40, using: &generator), using: &generator)
            let moment = Int.random(in: 0...inputs.count, using: &generator)
            var run = EngineRun(role: role)
            var log = RoleLogWriter()
            var head: [OutgoingRecord] = []
            var tail: [OutgoingRecord] = []
            var snapshot: [OutgoingRecord] = []
            for (index, input) in inputs.enumerated() {
                if index == moment { snapshot = try Self.snapshot(of: run.engine, partitions: partitions) }
                if let input {
                    _ = log.fold(&run.engine, input.message, topic: input.topic, partition: input.consumedPartition, offset: Int64(index), time: Int64(1_000 * (index + 1)))
                } else {
                    _ = log.tick(&run.engine, partition: Int32(index) % WireInput.partitionCount, time: Int64(1_000 * (index + 1)) + 3_600_000)
                }
                let written = try run.engine.takeChangelog()
                if index < moment { head += written } else { tail += written }
            }
            if moment == inputs.count { snapshot = try Self.snapshot(of: run.engine, partitions: partitions) }
            for partition in partitions { #expect(!run.engine.hasUnwrittenChanges(partition: partition)) }

            let whole = try Self.restored(role, from: head + tail)
            let fromSnapshot = try Self.restored(role, from: snapshot + tail)
            let tailFirst = try Self.restored(role, from: tail + snapshot)
            let held = try Self.snapshot(of: run.engine, partitions: partitions)
            let expected = try Self.snapshot(of: whole, partitions: partitions)
            #expect(try Self.snapshot(of: fromSnapshot, partitions: partitions) == expected, "round \(round), moment \(moment) of \(inputs.count)")
            #expect(try Self.snapshot(of: tailFirst, partitions: partitions) == expected, "round \(round): tail first")
            #expect(held == expected, "round \(round): the folding engine holds the changelog's fold")

            // And they behave alike: the whole log again (a replay after a crash) changes nothing
            // and sends nothing, and what comes next gets the same answers.
            let next = Self.workload(of: role, count: 10, using: &generator)
            var answers: [[OutgoingRecord]] = []
            for var engine in [whole, fromSnapshot, tailFirst, run.engine] {
                var replayed: [OutgoingRecord] = []
                for (partition, records) in log.log {
                    for (offset, record) in records.enumerated() { replayed += engine.process(record, partition: partition, offset: Int64(offset)) }
                }
                #expect(replayed.count == 0, "round \(round): the replay answered")
                var after = log
                var outputs: [OutgoingRecord] = []
                for (index, input) in next.enumerated() {
                    let time = Int64(1_000 * (inputs.count + index + 1))
                    if let input {
                        outputs += after.fold(&engine, input.message, topic: input.topic, partition: input.consumedPartition, offset: Int64(inputs.count + index), time: time)
                    } else {
                        outputs += after.tick(&engine, partition: Int32(index) % WireInput.partitionCount, time: time + 3_600_000)
                    }
                }
                answers.append(outputs)
            }
            #expect(answers.allSatisfy { $0 == answers[0] }, "round \(round): the engines answer the next inputs differently")
        }
    }

    @Test("a partition with changes not taken yet says so")
    func unwrittenChanges() throws {
        var run = EngineRun(role: .scheduler)
        var log = RoleLogWriter()
        let input = BadInputCorpus.valid(for: .scheduler)[0]
        let partition = input.consumedPartition
        #expect(!run.engine.hasUnwrittenChanges(partition: partition))
        _ = log.fold(&run.engine, input.message, topic: input.topic, partition: partition, offset: 0, time: 1_000)
        #expect(run.engine.hasUnwrittenChanges(partition: partition))
        #expect(!run.engine.hasUnwrittenChanges(partition: partition + 1))
        _ = try run.engine.takeChangelog()
        #expect(!run.engine.hasUnwrittenChanges(partition: partition))
    }

    /// `engine`'s snapshot records of `partitions`, as changelog records.
    static func snapshot(of engine: RoleEngine, partitions: Range<Int32>) throws -> [OutgoingRecord] {
        var records: [OutgoingRecord] = []
        for partition in partitions {
            for (changelog, messages) in try engine.snapshotRecords(partition: partition) {
                records += messages.map { OutgoingRecord(topic: changelog, partition: partition, message: $0) }
            }
        }
        return records
    }

    /// A fresh engine of `role` that restored `records`.
    static func restored(_ role: Role, from records: [OutgoingRecord]) throws -> RoleEngine {
        var engine = EngineRun(role: role).engine
        for record in records {
            try engine.restore(
                changelog: record.topic, partition: record.partition ?? 0, key: record.message.key, value: record.message.value, headers: record.message.headers)
        }
        return engine
    }
}

/// A small seeded generator, so that a failing round can be run again.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
