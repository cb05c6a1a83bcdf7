import CKafkaBenchmarkLoops
import Contracts
import Events
import Foundation
import Headers
import Kafka
import Logging
import Processor

/// Restore time and memory of the maintenance scheduler for many tracked servers: one
/// instance (`RoleRunner`) in the benchmark's process, the broker in its own (so the
/// resident memory measured is the instance's, without the broker's copy of the changelog).
///
/// Writes one changelog record per server (`fleet-<i>`, values taken round-robin from
/// the states a fleet simulation ended with) to `scheduler.state`, as the service writes it:
/// with the log offset it reflects and the fingerprints of the ids of the last
/// `RoleEngine.recentLimit` own events it took (`recentIDs` of them: all, as for a server
/// tracked for a while, unless asked otherwise), checks that the mock
/// kept all of them, then starts one instance: it restores every partition it is
/// assigned, inside the rebalance callback, before processing. Then it processes a
/// generated input (`input`, written beforehand as well) with all that state in place,
/// stops gracefully, leaving a snapshot of each changelog partition in its state directory,
/// and a second instance restores from those (`RestoreResult.Restart`).
public enum RestoreBenchmark {
    /// The partitions that keep `servers` records of about `valueBytes` each inside the mock's retention (~5 MB, 100k messages).
    public static func partitions(servers: Int, valueBytes: Int, minimum: Int32) -> Int32 {
        let byBytes = (servers * (valueBytes + 120) + 3_500_000) / 3_500_000
        let byCount = (servers + 79_999) / 80_000
        return max(minimum, Int32(max(byBytes, byCount)))
    }

    /// Runs the restore of `servers` servers, then the throughput on `input` (the scheduler's input of a simulation).
    public static func measure(
        servers: Int, templates: [[UInt8]], input: [InputRecord], minimumPartitions: Int32, topicsDirectory: String?, maintenanced: String,
        restoreThreads: Int = RoleRunner.defaultRestoreThreads, recentIDs: Int = RoleEngine.recentLimit, logger: Logger,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> RestoreResult {
        let averageValue = templates.reduce(0) { $0 + $1.count } / max(1, templates.count)
        let headerBytes = headers(offset: Int64(servers), recentIDs: recentIDs).reduce(0) { $0 + $1.name.utf8.count + ($1.value?.count ?? 0) + 2 }
        let partitions = partitions(servers: servers, valueBytes: averageValue + headerBytes, minimum: minimumPartitions)
        return try await BenchmarkCluster.with(partitions: partitions, topicsDirectory: topicsDirectory, maintenanced: maintenanced, logger: logger) { cluster in
            try await measure(
                servers: servers, templates: templates, input: input, restoreThreads: restoreThreads, recentIDs: recentIDs, on: cluster, logger: logger,
                progress: progress)
        }
    }

    /// The headers of a server's changelog record, written by the engine's own writer: the
    /// log offset, and `recentIDs` own events taken (with ids as `EventID` derives them).
    static func headers(offset: Int64, recentIDs: Int) -> MessageHeaders {
        let ids = (0..<recentIDs).map { EventID.derive(from: "power.input/0/\(offset)#\($0)", role: "power", index: 0) }
        return RoleEngine.stateHeaders(offset: offset, recentIDs: ids)
    }

    /// The restore and throughput run on `cluster`.
    static func measure(
        servers: Int, templates: [[UInt8]], input: [InputRecord], restoreThreads: Int, recentIDs: Int, on cluster: BenchmarkCluster, logger: Logger,
        progress: @escaping @Sendable (String) -> Void
    ) async throws -> RestoreResult {
        let partitions = cluster.partitions
        let changelog = TopicName.changelog(of: .scheduler)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: logger)
        var bytes = 0
        for index in 0..<servers {
            let key = "fleet-\(index)"
            let value = templates[index % templates.count]
            let headers = headers(offset: Int64(index), recentIDs: recentIDs)
            bytes += value.count + headers.reduce(0) { $0 + $1.name.utf8.count + ($1.value?.count ?? 0) }
            _ = try await producer.send(KafkaProducerMessage(
                topic: changelog, partition: Partitioner.partition(of: key, count: partitions), key: Array(key.utf8), value: value, headers: headers))
        }
        try await producer.flush()
        try await producer.close()
        _ = try cluster.endOffsets(of: [changelog], expected: servers)
        try await cluster.produce(input)
        let inputTopics = FleetSimulation.inputTopics(of: .scheduler)
        let ends = try cluster.endOffsets(of: inputTopics, expected: input.count)

        let changelogBytes = bytes
        progress("restore: \(servers) changelog records and \(input.count) input events written on \(partitions) partitions; starting the instance…")
        let before = ProcessMemory.residentBytes()
        let group = "bench-restore-\(UUID().uuidString.prefix(8))"
        let directory = StateDirectory(path: NSTemporaryDirectory() + group)
        try directory.prepare()
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let options = RoleRunner.Options(group: group, restoreThreads: restoreThreads, stateDirectory: directory)
        let runner = try RoleRunner(
            engine: FleetSimulation.makeEngine(.scheduler, partitions: partitions, consumer: group), configuration: cluster.configuration(),
            options: options, logger: logger)
        let watcher = try KafkaConsumer(configuration: cluster.configuration(["group.id": group]), logger: logger)
        let clock = ContinuousClock()
        var stopping = clock.now
        var outcome: RestoreResult?
        try await watcher.closing {
            try await withThrowingTaskGroup(of: RestoreResult?.self) { tasks in
                tasks.addTask { try await runner.run(); return nil }
                tasks.addTask {
                    let clock = ContinuousClock()
                    let deadline = clock.now + .seconds(600)
                    try await poll(until: deadline, "restore: the instance was never assigned") { runner.snapshot.rebalances > 0 }
                    let start = clock.now
                    let cpu = (instance: ckb_process_cpu_seconds(), broker: cluster.broker.cpuSeconds)
                    progress("restore: the instance was assigned its partitions; restoring…")
                    try await poll(until: deadline, "restore: fewer than \(servers) records restored in time") { runner.snapshot.restoredRecords >= servers }
                    let seconds = (clock.now - start).seconds
                    let restored = runner.snapshot.restoredRecords
                    let after = ProcessMemory.residentBytes()
                    var result = RestoreResult(
                        servers: servers, partitions: partitions, changelogBytes: changelogBytes, restoreSeconds: seconds, restoredRecords: restored, restoredStates: 0,
                        residentGrowth: after - before)
                    result.restoreCPUSeconds = ckb_process_cpu_seconds() - cpu.instance
                    result.brokerCPUSeconds = cluster.broker.cpuSeconds - cpu.broker
                    progress("restore: \(restored) records restored in \(String(format: "%.2f", seconds)) s; processing the input with them…")
                    if !input.isEmpty {
                        result.throughput = try await RoleThroughput.waitUntilFolded(
                            ends, log: TopicName.input(of: .scheduler), logPartitions: partitions, watcher: watcher, count: input.count,
                            timeout: .seconds(600), started: { runner.snapshot.consumed > 0 ? runner.snapshot.consumed : nil },
                            cpu: { ckb_process_cpu_seconds() }, brokerCPU: { cluster.broker.cpuSeconds }, rebalances: { runner.snapshot.rebalances })
                    }
                    result.restoredStates = runner.stateCount(partitions: 0..<partitions)
                    progress("restore: stopping the instance; it leaves snapshots in its state directory…")
                    runner.shutdown()
                    return result
                }
                // The measurement ends first (and asks the instance to stop); then the instance's run ends.
                guard let first = try await tasks.next(), let result = first else { throw BenchmarkError("restore: the instance stopped") }
                stopping = clock.now
                outcome = result
                try await tasks.waitForAll()
            }
        }
        guard var result = outcome else { throw BenchmarkError("restore: no result") }
        let stopSeconds = (clock.now - stopping).seconds
        let snapshots = runner.snapshot.snapshotsWritten
        let snapshotBytes = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).reduce(0) { total, name in
            total + ((try? FileManager.default.attributesOfItem(atPath: "\(directory.path)/\(name)")[.size] as? Int) ?? 0)
        }
        progress("restore: stopped in \(String(format: "%.2f", stopSeconds)) s with \(snapshots) snapshots; restarting from them…")
        result.restart = try await restart(
            options: options, partitions: partitions, cluster: cluster, states: result.restoredStates, logger: logger,
            stop: (stopSeconds, snapshots, snapshotBytes))
        return result
    }

    /// Checks `condition` every millisecond (the restore's figures are read at that
    /// resolution) until it holds; throws `failure` after `deadline`.
    static func poll(until deadline: ContinuousClock.Instant, _ failure: @autoclosure () -> String, _ condition: () -> Bool) async throws {
        while !condition() {
            guard ContinuousClock.now < deadline else { throw BenchmarkError(failure()) }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    /// A second instance with `options` (the state directory the first one left snapshots
    /// in): how long its restore takes; it must hold the `states` the first one held.
    static func restart(
        options: RoleRunner.Options, partitions: Int32, cluster: BenchmarkCluster, states: Int, logger: Logger,
        stop: (seconds: Double, snapshots: Int, bytes: Int)
    ) async throws -> RestoreResult.Restart {
        let runner = try RoleRunner(
            engine: FleetSimulation.makeEngine(.scheduler, partitions: partitions, consumer: options.group), configuration: cluster.configuration(),
            options: options, logger: logger)
        return try await withThrowingTaskGroup(of: RestoreResult.Restart?.self) { tasks in
            tasks.addTask { try await runner.runUntilCancelled(); return nil }
            tasks.addTask {
                let clock = ContinuousClock()
                let deadline = clock.now + .seconds(600)
                try await poll(until: deadline, "restart: the instance was never assigned") { runner.snapshot.rebalances > 0 }
                let start = clock.now
                let cpu = (instance: ckb_process_cpu_seconds(), broker: cluster.broker.cpuSeconds)
                // An assignment's restore adds its records to the count at once, when it is done.
                try await poll(until: deadline, "restart: nothing restored in time") { runner.snapshot.restoredRecords > 0 }
                let seconds = (clock.now - start).seconds
                let restart = RestoreResult.Restart(
                    stopSeconds: stop.seconds, snapshots: stop.snapshots, snapshotBytes: stop.bytes, restoreSeconds: seconds,
                    restoreCPUSeconds: ckb_process_cpu_seconds() - cpu.instance, brokerCPUSeconds: cluster.broker.cpuSeconds - cpu.broker,
                    restoredRecords: runner.snapshot.restoredRecords, fromSnapshots: runner.snapshot.restoredFromSnapshots,
                    states: runner.stateCount(partitions: 0..<partitions))
                guard restart.states == states else {
                    throw BenchmarkError("restart: \(restart.states) states held after the restart, \(states) before")
                }
                return restart
            }
            guard let result = try await tasks.firstResult() else { throw BenchmarkError("restart: the instance stopped") }
            return result
        }
    }
}
