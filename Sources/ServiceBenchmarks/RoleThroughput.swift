import CKafkaBenchmarkLoops
import Contracts
import Foundation
import Kafka
import Lifecycle
import Logging
import MaintenancedTesting
import Processor

/// Runs a role's instances over input produced beforehand, until the group has committed
/// the end of that input and then folded its input log as far as the copies of that input go.
///
/// Two set-ups: each instance `maintenanced run --role …` in a process of its own
/// (`measureProcesses`, the fair one), or `RoleRunner`s in the benchmark's process
/// (`measureInProcess`, labelled "in-process"). The broker runs in its own process in both.
public enum RoleThroughput {
    /// Measures `instances` processes `maintenanced run --role role` reading `ends` (the end
    /// offsets of the input, `count` events). Timed from the group's first commit (the
    /// events it covers are left out) to the moment its committed offsets reach every end;
    /// the CPU is the instances' processes' own. The messages read and written per input
    /// event are counted over the whole run, from the topics' end offsets before and after.
    public static func measureProcesses(
        role: Role, instances: Int, on cluster: BenchmarkCluster, ends: [KafkaPartitionOffset], count: Int, maintenanced: String,
        properties: [String: String] = [:], logger: Logger, timeout: Duration = .seconds(300)
    ) async throws -> RoleMeasurement {
        let group = "maintenanced-\(role.rawValue)"
        let arguments = [
            "run", "--role", role.rawValue, "--brokers", cluster.bootstrapServers, "--topics-dir", cluster.topicsDirectory, "--http-port", "0",
            "--stop-on-end-of-input",
        ] + BenchmarkCluster.propertyArguments(properties)
        var children: [ChildProcess] = []
        let before = try await cluster.messageCounts()
        let watcher = try KafkaConsumer(configuration: cluster.configuration(["group.id": group]), logger: logger)
        return try await watcher.closing {
            do {
                for index in 1...instances {
                    children.append(try ChildProcess.benchmark("\(role.rawValue) instance \(index)", executable: maintenanced, arguments))
                }
                let inputs = ends.map(\.topicPartition)
                let processes = children
                let result = try await waitUntilFolded(
                    ends, log: TopicName.input(of: role), logPartitions: cluster.partitions, watcher: watcher, count: count, timeout: timeout,
                    started: {
                        for child in processes where !child.isRunning {
                            throw BenchmarkError("\(child.name) ended before the input was read: \(child.standardErrorTail())")
                        }
                        guard let committed = try? await watcher.committed(for: inputs) else { return nil }
                        let total = committed.reduce(0) { $0 + max(0, Int($1.offset.rawValue)) }
                        return total > 0 ? total : nil
                    },
                    cpu: { processes.reduce(0) { $0 + $1.cpuSeconds } }, brokerCPU: { cluster.broker.cpuSeconds }, rebalances: { 0 })
                for child in children { await child.stop() }
                var measured = result
                let after = try await cluster.messageCounts()
                let read = (FleetSimulation.inputTopics(of: role) + [TopicName.input(of: role)]).reduce(Int64(0)) { $0 + (after[$1] ?? 0) }
                let written = after.reduce(Int64(0)) { $0 + $1.value - (before[$1.key] ?? 0) }
                measured.messagesReadPerEvent = Double(read) / Double(max(count, 1))
                measured.messagesWrittenPerEvent = Double(written) / Double(max(count, 1))
                return measured
            } catch {
                for child in children { await child.stop() }
                throw error
            }
        }
    }

    /// Measures `instances` `RoleRunner`s in this process reading `ends` (`count` events).
    /// Timed from the first batch any instance finished (its events are left out); the CPU
    /// is this process's (the runners, their librdkafka threads and the benchmark's watcher).
    public static func measureInProcess(
        role: Role, instances: Int, on cluster: BenchmarkCluster, ends: [KafkaPartitionOffset], count: Int, logger: Logger,
        configuration extra: [String: String] = [:], timeout: Duration = .seconds(300)
    ) async throws -> RoleMeasurement {
        let group = "bench-\(role.rawValue)-\(UUID().uuidString.prefix(8))"
        let configuration = cluster.configuration(extra)
        let runners = try (0..<instances).map { _ in
            try RoleRunner(
                engine: FleetSimulation.makeEngine(role, partitions: cluster.partitions, consumer: group), configuration: configuration,
                options: .init(group: group), logger: logger)
        }
        let watcher = try KafkaConsumer(configuration: cluster.configuration(["group.id": group]), logger: logger)
        return try await watcher.closing {
            try await measure(runners, role: role, on: cluster, ends: ends, count: count, watcher: watcher, timeout: timeout)
        }
    }

    /// `measureInProcess`'s run of `runners` until `watcher` sees their input folded.
    private static func measure(
        _ runners: [RoleRunner], role: Role, on cluster: BenchmarkCluster, ends: [KafkaPartitionOffset], count: Int, watcher: KafkaConsumer, timeout: Duration
    ) async throws -> RoleMeasurement {
        try await withThrowingTaskGroup(of: RoleMeasurement?.self) { tasks in
            for runner in runners { tasks.addTask { try await runner.runUntilCancelled(); return nil } }
            tasks.addTask {
                try await waitUntilFolded(
                    ends, log: TopicName.input(of: role), logPartitions: cluster.partitions, watcher: watcher, count: count, timeout: timeout,
                    started: {
                        let consumed = runners.reduce(0) { $0 + $1.snapshot.consumed }
                        return consumed > 0 ? consumed : nil
                    },
                    cpu: { ckb_process_cpu_seconds() }, brokerCPU: { cluster.broker.cpuSeconds },
                    rebalances: { runners.reduce(0) { $0 + $1.snapshot.rebalances } })
            }
            guard let result = try await tasks.firstResult() else {
                throw BenchmarkError("\(role.rawValue): the instances stopped before the input was read")
            }
            return result
        }
    }

    /// Waits until the group has committed `ends` of its input topics (every input copied to
    /// its log `log`) and then the log's ends as they were at that moment (every copy folded).
    /// `started` gives the events already handled once the instances have started (nil
    /// before); the span runs from then, and those events are left out of the count.
    static func waitUntilFolded(
        _ ends: [KafkaPartitionOffset], log: String, logPartitions: Int32, watcher: KafkaConsumer, count: Int, timeout: Duration,
        started: () async throws -> Int?, cpu: () -> Double, brokerCPU: (() -> Double)?, rebalances: () -> Int
    ) async throws -> RoleMeasurement {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var start: (instant: ContinuousClock.Instant, cpu: Double, broker: Double?, consumed: Int)?
        var lastCheck = clock.now
        var partitions = ends.filter { $0.offset.rawValue > 0 }.map(\.topicPartition)
        var wanted = Dictionary(uniqueKeysWithValues: ends.map { ($0.topicPartition, $0.offset.rawValue) })
        var copied = false
        while clock.now < deadline {
            try await Task.sleep(for: .milliseconds(2))
            guard let start else {
                if let consumed = try await started() { start = (clock.now, cpu(), brokerCPU?(), consumed) }
                continue
            }
            guard clock.now - lastCheck >= .milliseconds(20) else { continue }
            lastCheck = clock.now
            // The coordinator refuses offset fetches while the group rebalances: ask again later.
            guard let committed = try? await watcher.committed(for: partitions) else { continue }
            // A partition with nothing in it has nothing to commit (a role at rest appends no tick).
            guard committed.allSatisfy({ (wanted[$0.topicPartition] ?? 0) == 0 || $0.offset.rawValue >= wanted[$0.topicPartition]! }) else { continue }
            if !copied {
                // Every input is in the log: now wait for the log to be folded as far as it goes now.
                copied = true
                partitions = (0..<logPartitions).map { KafkaTopicPartition(topic: log, partition: $0) }
                wanted = [:]
                for partition in partitions { wanted[partition] = try await watcher.watermarks(of: partition).high }
                continue
            }
            let seconds = (clock.now - start.instant).seconds
            return RoleMeasurement(
                events: count - min(start.consumed, count), seconds: seconds, cpuSeconds: cpu() - start.cpu,
                brokerCPUSeconds: start.broker.map { (brokerCPU?() ?? $0) - $0 }, rebalances: rebalances())
        }
        throw BenchmarkError("the group did not commit the end of its input within \(timeout)")
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
