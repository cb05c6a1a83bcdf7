import Contracts
import Foundation
import Kafka
import Logging
import MaintenancedClient
import MaintenancedTesting
import Processor
import Testing

/// `maintenanced run --state-dir`: a SIGTERM leaves a snapshot of every changelog partition
/// held, and the process started after it restores from them.
@Suite("maintenanced run with a state directory", .timeLimit(.minutes(4)))
struct RunStateDirectoryTests {
    @Test("a directory that cannot be made: exit 78, naming the option and the reason")
    func unusableDirectory() async throws {
        let file = NSTemporaryDirectory() + "state-file-\(UUID().uuidString)"
        try Data().write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let instance = try ChildProcess("run", ["run", "--role", "scheduler", "--brokers", "127.0.0.1:1", "--http-port", "0", "--state-dir", file + "/state"])
        let status = try await instance.exitStatus(timeout: .seconds(60))
        #expect(status == 78, "\(instance.standardError)")
        #expect(instance.standardError.contains("maintenanced run: --state-dir \(file)/state: cannot create it"), "\(instance.standardError)")
    }

    @Test("SIGTERM leaves a snapshot of each of the 12 partitions; the next process restores all 12 from them")
    func restartFromSnapshots() async throws {
        try await withChildProcesses(terminating: true) { children in
            try await restart(children)
        }
    }

    @Test("SIGKILL after a running instance's periodic snapshots: the next process restores from them and reads the changelog only from there")
    func restartAfterKill() async throws {
        try await withChildProcesses(terminating: true) { children in
            try await restart(children, killed: true)
        }
    }

    private func restart(_ children: Shared<[ChildProcess]>, killed: Bool = false) async throws {
        let directory = NSTemporaryDirectory() + "state-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let broker = try ChildProcess("broker", ["broker", "--stop-on-end-of-input", "--topics-dir", RepositoryFiles.topicsDirectory])
        children.update { $0.append(broker) }
        try await waitUntil("the broker's bootstrap line") { broker.lines.first?.hasPrefix("bootstrap=") == true }
        let bootstrap = String(broker.lines[0].dropFirst("bootstrap=".count))
        // Periodic snapshots every second when this test kills the first instance.
        var environment = ProcessInfo.processInfo.environment
        if killed { environment["MAINTENANCED_STATE_SNAPSHOT_INTERVAL"] = "1s" }
        func scheduler(_ name: String) throws -> ChildProcess {
            let instance = try ChildProcess(
                name,
                [
                    "run", "--role", "scheduler", "--brokers", bootstrap, "--http-port", "0", "--topics-dir", RepositoryFiles.topicsDirectory,
                    "--state-dir", directory, "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=500",
                ], environment: environment)
            children.update { $0.append(instance) }
            return instance
        }

        let first = try scheduler("first scheduler")
        try await waitUntil("the first scheduler's partitions", timeout: .seconds(60)) { first.standardError.contains("partitions assigned") }
        var logger = Logger(label: "run-state-directory-tests")
        logger.logLevel = .warning
        let configuration = KafkaConfiguration(bootstrapServers: bootstrap)
        let producer = try EventProducer(configuration: configuration, logger: logger)
        for index in 0..<20 {
            _ = try await producer.send(
                OutgoingEvent(EventName.maintenanceRequested, key: "server-\(index)", ["namespace": "ops", "name": "bios", "type": "BIOSUpdate"]),
                id: "request-\(index)", source: "/tests/operator", time: wallClockMilliseconds())
        }
        try await producer.close()
        // Every request answered (a transition keyed by each of the 20 servers), so the states are all in the first instance.
        let reader = try KafkaConsumer(configuration: configuration, logger: logger)
        try reader.assign((0..<12).map { KafkaPartitionOffset(topic: TopicName.serverTransitions, partition: Int32($0), offset: .beginning) })
        var answered = Set<String>()
        let deadline = ContinuousClock.now + .seconds(60)
        while answered.count < 20, ContinuousClock.now < deadline {
            for message in try await reader.nextBatch(maxMessages: 1000, timeout: .milliseconds(200)) {
                if let key = message.keyString { answered.insert(key) }
            }
        }
        try await reader.close()
        #expect(answered == Set((0..<20).map { "server-\($0)" }), "\(answered.count) of 20 servers answered")

        if killed {
            // Killed once a periodic snapshot stands for every request: no stop of its own writes one.
            try await waitUntil("a periodic snapshot of the 20 servers' states", timeout: .seconds(30)) {
                let snapshots = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".snapshot") }
                let records = try snapshots.reduce(0) { total, name in
                    total + (try PartitionSnapshot(bytes: Array(FileManager.default.contents(atPath: "\(directory)/\(name)") ?? Data())).records.filter { $0.key?.first != 0 }.count)
                }
                return snapshots.count == 12 && records >= 20
            }
            // Its metrics count them: every partition written at least once, none skipped.
            let firstPort = try #require(first.lines.first { $0.hasPrefix("http=") }?.split(separator: ":").last.flatMap { Int($0) })
            let running = try await RunObservabilityTests.get(firstPort, "/metrics").body
            #expect((RunObservabilityTests.sum(#"maintenanced_snapshots_written_total{role="scheduler"}"#, in: running) ?? 0) >= 12, "\(running)")
            #expect((RunObservabilityTests.sum(#"maintenanced_snapshot_duration_seconds_count{role="scheduler"}"#, in: running) ?? 0) >= 1)
            // The skipped counters stand at 0 for every reason (made at the start).
            #expect(RunObservabilityTests.sum("maintenanced_snapshots_skipped_total{", in: running) == 0, "\(running)")
            first.kill()
            _ = try await first.exitStatus(timeout: .seconds(30))
            #expect(first.endedBySignal)
        } else {
            first.terminate()
            #expect(try await first.exitStatus(timeout: .seconds(60)) == 0, "\(first.standardError.suffix(2000))")
        }
        #expect(first.standardError.contains("wrote state snapshots"))
        // (A kill in the middle of a periodic write leaves its temporary file: the next start removes it.)
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".snapshot") }.sorted()
        #expect(files == (0..<12).map { "scheduler.state-\($0).snapshot" }.sorted(), "\(files)")

        let second = try scheduler("second scheduler")
        try await waitUntil("the second scheduler's restore", timeout: .seconds(60)) { second.standardError.contains("from snapshots") }
        #expect(second.standardError.contains("restored 12 changelog partitions from snapshots"), "\(second.standardError.suffix(2000))")
        #expect(!second.standardError.contains("from the changelog whole"), "no snapshot was dropped")
        // (With periodic snapshots on, the restarted instance may have written its own by now.)
        if !killed { #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty, "each snapshot is taken once") }
        // The metrics say where the restored records came from: every one from the snapshots.
        let httpLine = try #require(second.lines.first { $0.hasPrefix("http=") })
        let port = try #require(httpLine.split(separator: ":").last.flatMap { Int($0) })
        let metrics = try await RunObservabilityTests.get(port, "/metrics").body
        let fromSnapshots = RunObservabilityTests.sum(#"maintenanced_restored_records_total{role="scheduler",from="snapshot"}"#, in: metrics) ?? 0
        #expect(fromSnapshots >= 20, "the 20 servers' states and the checkpoints: \(fromSnapshots)")
        // After a graceful stop nothing was written after the snapshots; after a kill, what the
        // changelogs got after the last periodic snapshot is read from them.
        let fromChangelog = RunObservabilityTests.sum(#"maintenanced_restored_records_total{role="scheduler",from="changelog"}"#, in: metrics)
        if killed { #expect(fromChangelog != nil) } else { #expect(fromChangelog == 0) }
        second.terminate()
        #expect(try await second.exitStatus(timeout: .seconds(60)) == 0)
        try broker.closeInput()
        _ = try await broker.exitStatus(timeout: .seconds(30))
    }
}
