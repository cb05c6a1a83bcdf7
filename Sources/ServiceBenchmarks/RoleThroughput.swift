import CKafkaBenchmarkLoops
import Contracts
import Foundation
import Kafka
import Lifecycle
import Logging
import Processor

/// Runs a role's instances (`RoleRunner`, one consumer-group member each) over input
/// produced beforehand, until the group has committed the end of that input and then
/// folded its input log as far as the copies of that input go.
public enum RoleThroughput {
    /// Measures `instances` instances of `role` reading `ends` (the end offsets of the input, `count` events).
    ///
    /// Timed from the first batch any instance finished to the moment the group's committed
    /// offsets reach every end; the events of that first batch are left out of the count.
    public static func measure(
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
        defer { try? watcher.closeBlocking() }
        return try await withThrowingTaskGroup(of: RoleMeasurement?.self) { tasks in
            for runner in runners { tasks.addTask { try await runner.runUntilCancelled(); return nil } }
            tasks.addTask {
                try await waitUntilCommitted(
                    ends, log: TopicName.input(of: role), partitions: cluster.partitions, watcher: watcher, runners: runners, count: count,
                    timeout: timeout)
            }
            var result: RoleMeasurement?
            while let next = try await tasks.next() {
                if let next {
                    result = next
                    tasks.cancelAll()
                }
            }
            guard let result else { throw BenchmarkError("\(role.rawValue): the instances stopped before the input was read") }
            return result
        }
    }

    /// Waits until the group has committed `ends` of its input topics (every input copied to
    /// its log `log`) and then the log's ends as they were at that moment (every copy folded).
    static func waitUntilCommitted(
        _ ends: [KafkaPartitionOffset], log: String, partitions logPartitions: Int32, watcher: KafkaConsumer, runners: [RoleRunner], count: Int,
        timeout: Duration
    ) async throws -> RoleMeasurement {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var start: (instant: ContinuousClock.Instant, cpu: Double, consumed: Int)?
        var lastCheck = clock.now
        var partitions = ends.filter { $0.offset.rawValue > 0 }.map(\.topicPartition)
        var wanted = Dictionary(uniqueKeysWithValues: ends.map { ($0.topicPartition, $0.offset.rawValue) })
        var copied = false
        while clock.now < deadline {
            try await Task.sleep(for: .milliseconds(2))
            if start == nil {
                let consumed = runners.reduce(0) { $0 + $1.snapshot.consumed }
                if consumed > 0 { start = (clock.now, ckb_process_cpu_seconds(), consumed) }
                continue
            }
            guard clock.now - lastCheck >= .milliseconds(20), let start else { continue }
            lastCheck = clock.now
            // The coordinator refuses offset fetches while the group rebalances: ask again later.
            guard let committed = try? watcher.committedOffsets(for: partitions) else { continue }
            // A partition with nothing in it has nothing to commit (a role at rest appends no tick).
            if committed.allSatisfy({ (wanted[$0.topicPartition] ?? 0) == 0 || $0.offset.rawValue >= wanted[$0.topicPartition]! }) {
                if !copied {
                    // Every input is in the log: now wait for the log to be folded as far as it goes now.
                    copied = true
                    partitions = (0..<logPartitions).map { KafkaTopicPartition(topic: log, partition: $0) }
                    wanted = [:]
                    for partition in partitions { wanted[partition] = try watcher.queryWatermarks(of: partition).high }
                    continue
                }
                let seconds = (clock.now - start.instant).seconds
                let rebalances = runners.reduce(0) { $0 + $1.snapshot.rebalances }
                return RoleMeasurement(
                    events: count - min(start.consumed, count), seconds: seconds, cpuSeconds: ckb_process_cpu_seconds() - start.cpu,
                    rebalances: rebalances)
            }
        }
        throw BenchmarkError("the group did not commit the end of its input within \(timeout)")
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
