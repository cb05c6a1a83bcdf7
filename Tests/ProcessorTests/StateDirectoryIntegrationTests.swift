import Contracts
import Events
import Foundation
import Kafka
import KafkaTopics
import Lifecycle
import MaintenancedTesting
import Testing

@testable import Processor

/// An instance with a state directory leaves a snapshot of each changelog partition when it
/// stops gracefully; the next one restores from them and reads only what the changelog got
/// since, and ends up with the states a restore of the whole changelog gives.
@Suite("The state directory across restarts, on the embedded broker", .timeLimit(.minutes(4)))
struct StateDirectoryIntegrationTests {
    static let role = Role.scheduler
    static let changelog = TopicName.changelog(of: role)

    /// `count` requests for servers `first..<first + count`, each its own server.
    static func requests(_ range: Range<Int>, tag: String) -> [WireInput] {
        range.map { index in
            .event(
                EventName.maintenanceRequested, "server-\(index)", id: "\(tag)-\(index)", time: Int64(1_000 * (index + 1)),
                ["namespace": "ops", "name": .string("\(tag)-\(index)"), "type": "Cleanup"])
        }
    }

    struct Setup {
        let cluster: EmbeddedKafkaCluster
        let group = "state-\(UUID().uuidString)"
        let directory = StateDirectory(path: NSTemporaryDirectory() + "state-\(UUID().uuidString)")
        let producer: KafkaProducer
        let watcher: KafkaConsumer
        let partitions: [KafkaTopicPartition]

        init() async throws {
            cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: DeadLetterIntegrationTests.logger)
            producer = try KafkaProducer(configuration: cluster.configuration(), logger: DeadLetterIntegrationTests.logger)
            watcher = try KafkaConsumer(configuration: cluster.configuration(["group.id": group]), logger: DeadLetterIntegrationTests.logger)
            let count = try await KafkaAdmin(configuration: cluster.configuration(), logger: DeadLetterIntegrationTests.logger)
                .describeTopics([StateDirectoryIntegrationTests.changelog], includeConfigs: false)[0].partitions.count
            partitions = (0..<Int32(count)).map { KafkaTopicPartition(topic: StateDirectoryIntegrationTests.changelog, partition: $0) }
            try directory.prepare()
        }

        func runner(
            withDirectory: Bool, restoreThreads: Int = RoleRunner.defaultRestoreThreads, snapshotInterval: Duration? = nil, stopBudget: StopBudget = StopBudget()
        ) throws -> RoleRunner {
            try RoleRunner(
                engine: EngineRun(role: StateDirectoryIntegrationTests.role).engine, configuration: cluster.configuration(),
                options: .init(
                    group: group, tickInterval: .seconds(3600), restoreThreads: restoreThreads, stopBudget: stopBudget,
                    stateDirectory: withDirectory ? directory : nil, snapshotInterval: snapshotInterval),
                logger: DeadLetterIntegrationTests.logger)
        }

        /// Runs `runner`, sends `inputs` one by one (each committed before the next), calls
        /// `whileRunning`, then stops it gracefully.
        func run(_ runner: RoleRunner, sending inputs: [WireInput], whileRunning: () async throws -> Void = {}) async throws {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await runner.run() }
                for input in inputs { try await input.send(with: producer, awaitingCommitOf: watcher) }
                try await whileRunning()
                runner.shutdown()
                try await tasks.waitForAll()
            }
        }

        func ends() async throws -> [KafkaTopicPartition: KafkaWatermarks] {
            var ends: [KafkaTopicPartition: KafkaWatermarks] = [:]
            for partition in partitions { ends[partition] = try await watcher.watermarks(of: partition) }
            return ends
        }

        /// The snapshots in the directory, read without taking them.
        func snapshots() throws -> [KafkaTopicPartition: PartitionSnapshot] {
            var snapshots: [KafkaTopicPartition: PartitionSnapshot] = [:]
            for partition in partitions {
                guard let data = FileManager.default.contents(atPath: directory.file(of: partition)) else { continue }
                snapshots[partition] = try PartitionSnapshot(bytes: Array(data))
            }
            return snapshots
        }

        func files() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted() }

        func close() async throws {
            try await producer.close()
            try await watcher.close()
            try? FileManager.default.removeItem(atPath: directory.path)
        }
    }

    @Test("a restart restores from the snapshots and the changelog written since, and holds what the whole changelog gives")
    func restartFromSnapshots() async throws {
        let setup = try await Setup()
        // First run: 24 servers' requests; the stop leaves a snapshot of every partition held.
        let first = try setup.runner(withDirectory: true)
        try await setup.run(first, sending: Self.requests(0..<24, tag: "a"))
        #expect(first.snapshot.snapshotsWritten == setup.partitions.count)
        var snapshots = try setup.snapshots()
        #expect(snapshots.count == setup.partitions.count)
        for (partition, marks) in try await setup.ends() { #expect(snapshots[partition]?.offset == marks.high, "\(partition)") }
        let inSnapshots = snapshots.values.reduce(0) { $0 + $1.records.count }
        #expect(inSnapshots >= 24 + 1, "every server's state and checkpoints: \(inSnapshots)")

        // Another instance without the directory takes over and changes some states (and adds some).
        let other = try setup.runner(withDirectory: false)
        try await setup.run(other, sending: Self.requests(20..<30, tag: "b"))
        #expect(other.snapshot.restoredFromSnapshots == 0)
        #expect(setup.files().count == setup.partitions.count, "an instance without the directory leaves the files alone")
        let ends = try await setup.ends()
        let since = ends.reduce(0) { $0 + Int($1.value.high - (snapshots[$1.key]?.offset ?? 0)) }
        #expect(since > 0)

        // The restart: the snapshots plus what was written since, nothing else, and the files taken.
        let restarted = try setup.runner(withDirectory: true)
        try await setup.run(restarted, sending: []) {
            try await waitUntil("the restart restored \(inSnapshots) + \(since) records") {
                restarted.snapshot.restoredRecords >= inSnapshots + since
            }
            #expect(restarted.snapshot.restoredRecords == inSnapshots + since)
            #expect(restarted.snapshot.restoredFromSnapshots == inSnapshots)
            // The state gauge counts what was restored at once, not from the next batch on.
            #expect(restarted.stateSize.withLock { $0.entries } >= 30)
            #expect(setup.files().isEmpty, "a snapshot is taken once: \(setup.files())")
        }
        #expect(restarted.snapshot.snapshotsWritten == setup.partitions.count)
        #expect(restarted.snapshot.snapshotsSkipped.isEmpty)

        // What it held (its stop's snapshots) is what restoring the whole changelog gives.
        snapshots = try setup.snapshots()
        var whole = EngineRun(role: Self.role).engine
        let read = try KafkaPartitionReader(configuration: setup.cluster.configuration(), logger: DeadLetterIntegrationTests.logger)
            .read(setup.partitions) { message in
                try whole.restore(
                    changelog: message.topicPartition.topic, partition: message.topicPartition.partition, key: message.key, value: message.value,
                    headers: message.headers)
            }
        let readCount = read.values.reduce(0) { $0 + $1.records }
        let held = ends.values.reduce(0) { $0 + Int($1.high - $1.low) }
        #expect(readCount == held)
        var states = 0
        for partition in setup.partitions {
            let expected = try whole.snapshotRecords(partition: partition.partition).first { $0.changelog == Self.changelog }?.records ?? []
            #expect(snapshots[partition]?.records == expected, "\(partition)")
            states += expected.filter { $0.key?.first != 0 }.count
        }
        #expect(states == 30, "the 30 servers' states")
        try await setup.close()
    }

    @Test("a snapshot that is damaged, that the changelog does not continue, or with a state that does not decode is dropped and its partition read whole")
    func unusableSnapshots() async throws {
        let setup = try await Setup()
        let first = try setup.runner(withDirectory: true)
        try await setup.run(first, sending: Self.requests(0..<24, tag: "a"))
        let snapshots = try setup.snapshots()
        #expect(snapshots.count == setup.partitions.count)
        let ends = try await setup.ends()
        // Partition 0: garbage. Partition 1: stands for offsets the changelog never had (a changelog recreated since).
        let damaged = setup.partitions[0]
        let ahead = setup.partitions[1]
        try Data("not a snapshot".utf8).write(to: URL(fileURLWithPath: setup.directory.file(of: damaged)))
        var beyond = try #require(snapshots[ahead])
        beyond.offset = ends[ahead]!.high + 5
        try setup.directory.write(beyond)
        // The next partition with a state: that state's value is not a state. Found only when
        // decoded, on the restore's thread: the attempt fails, and the next one (with the
        // snapshot gone) reads that partition whole. One restore thread, so the attempt stops
        // right there and the later partitions' snapshots are still there for the next.
        let undecodable = try #require(setup.partitions.dropFirst(2).first { snapshots[$0]!.records.contains { $0.key?.first != 0 } })
        var bad = snapshots[undecodable]!
        let index = try #require(bad.records.firstIndex { $0.key?.first != 0 })
        bad.records[index].value = Array("{not a state".utf8)
        try setup.directory.write(bad)

        let dropped = [damaged, ahead, undecodable]
        let usable = setup.partitions.filter { !dropped.contains($0) }.reduce(0) { $0 + snapshots[$1]!.records.count }
        let readWhole = dropped.reduce(0) { $0 + Int(ends[$1]!.high - ends[$1]!.low) }
        let restarted = try setup.runner(withDirectory: true, restoreThreads: 1)
        try await setup.run(restarted, sending: []) {
            try await waitUntil("the restart restored \(usable) + \(readWhole) records") { restarted.snapshot.restoredRecords >= usable + readWhole }
            #expect(restarted.snapshot.restoredRecords == usable + readWhole)
            #expect(restarted.snapshot.restoredFromSnapshots == usable)
            #expect(setup.files().isEmpty, "\(setup.files())")
        }
        // Nothing was lost: the states it held are every server's.
        let after = try setup.snapshots()
        #expect(after.values.reduce(0) { $0 + $1.records.filter { $0.key?.first != 0 }.count } == 24)
        try await setup.close()
    }

    @Test("a changelog partition someone else wrote after the owner restored it (an expelled instance) gets no snapshot; the others do")
    func foreignWrite() async throws {
        let setup = try await Setup()
        let foreign = setup.partitions[5]
        let first = try setup.runner(withDirectory: true)
        try await setup.run(first, sending: Self.requests(0..<24, tag: "a")) {
            // A late write of another instance: an old checkpoint (a restore keeps the furthest one).
            let value = Array(#"{"input":0,"sources":{},"time":0}"#.utf8)
            _ = try await setup.producer.send(
                KafkaProducerMessage(topic: foreign.topic, partition: foreign.partition, key: Array(RoleEngine.checkpointKey.utf8), value: value, headers: []))
            try await setup.producer.flush()
        }
        #expect(first.snapshot.snapshotsWritten == setup.partitions.count - 1)
        #expect(first.snapshot.snapshotsSkipped == [.foreignWrite: 1])
        let snapshots = try setup.snapshots()
        #expect(snapshots[foreign] == nil)
        #expect(snapshots.count == setup.partitions.count - 1)

        let ends = try await setup.ends()
        let fromSnapshots = snapshots.values.reduce(0) { $0 + $1.records.count }
        let readWhole = Int(ends[foreign]!.high - ends[foreign]!.low)
        let restarted = try setup.runner(withDirectory: true)
        try await setup.run(restarted, sending: []) {
            try await waitUntil("the restart restored \(fromSnapshots) + \(readWhole) records") {
                restarted.snapshot.restoredRecords >= fromSnapshots + readWhole
            }
            #expect(restarted.snapshot.restoredRecords == fromSnapshots + readWhole)
            #expect(restarted.snapshot.restoredFromSnapshots == fromSnapshots)
        }
        // The restarted instance wrote nothing and nobody else did: every partition gets a snapshot again.
        #expect(restarted.snapshot.snapshotsWritten == setup.partitions.count)
        #expect(restarted.snapshot.snapshotsSkipped.isEmpty)
        try await setup.close()
    }

    @Test("a stop whose time is spent writes no snapshot and counts every partition held as skipped for it")
    func stopOutOfTime() async throws {
        let setup = try await Setup()
        let runner = try setup.runner(withDirectory: true, stopBudget: StopBudget(total: .zero))
        try await setup.run(runner, sending: Self.requests(0..<12, tag: "a"))
        #expect(runner.snapshot.snapshotsWritten == 0)
        #expect(runner.snapshot.snapshotsSkipped == [.outOfTime: setup.partitions.count])
        #expect(try setup.snapshots().isEmpty, "\(setup.files())")
        try await setup.close()
    }

    @Test("while running, snapshots every interval of the partitions that changed only; the stop writes none when they are current")
    func periodicSnapshots() async throws {
        let setup = try await Setup()
        let runner = try setup.runner(withDirectory: true, snapshotInterval: .milliseconds(500))
        var running = 0
        try await setup.run(runner, sending: Self.requests(0..<12, tag: "a")) {
            // The first capture takes every partition held (their files were taken, or never were).
            try await waitUntil("a snapshot of every partition, at its end") {
                let snapshots = try setup.snapshots()
                let ends = try await setup.ends()
                return snapshots.count == setup.partitions.count && setup.partitions.allSatisfy { snapshots[$0]?.offset == ends[$0]?.high }
            }
            let settled = runner.snapshot.snapshotsWritten
            // At rest nothing changes, so nothing is written again.
            try await Task.sleep(for: .seconds(2))
            #expect(runner.snapshot.snapshotsWritten == settled, "rewritten at rest")
            // One more request changes one partition: that one alone is written again, at its new end.
            let request = Self.requests(40..<41, tag: "b")[0]
            try await request.send(with: setup.producer, awaitingCommitOf: setup.watcher)
            let changed = KafkaTopicPartition(topic: Self.changelog, partition: request.consumedPartition)
            try await waitUntil("the changed partition's snapshot at its new end") {
                try await setup.ends()[changed]?.high == setup.snapshots()[changed]?.offset
            }
            try await Task.sleep(for: .seconds(1))
            #expect(runner.snapshot.snapshotsWritten == settled + 1)
            running = runner.snapshot.snapshotsWritten
        }
        // The stop finds every snapshot current, and writes none.
        #expect(running >= setup.partitions.count + 1)
        #expect(runner.snapshot.snapshotsWritten == running)
        #expect(runner.snapshot.snapshotsSkipped.isEmpty, "\(runner.snapshot.snapshotsSkipped)")
        let snapshots = try setup.snapshots()
        for (partition, marks) in try await setup.ends() { #expect(snapshots[partition]?.offset == marks.high, "\(partition)") }
        try await setup.close()
    }
}
