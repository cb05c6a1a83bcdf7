import Contracts
import Events
import Foundation
import Kafka
import Logging
import MaintenancedTesting
import Processor

/// End-to-end latency of the maintenance scheduler at a steady rate: from the moment a
/// `maintenance.requested` is handed to the producer to the moment a consumer of
/// `server.transitions` reads the first transition derived from it (every request has a
/// server key of its own, which its transitions carry).
///
/// The scheduler is `maintenanced run --role scheduler` in a process of its own, the broker
/// in another, the load generator and the reader in the benchmark's. Every client here
/// uses the embedded broker's client defaults plus `fetch.wait.max.ms=5` (the mock broker
/// holds an empty fetch for the whole `fetch.wait.max.ms` instead of answering when data
/// arrives); the load generator and the reader also `linger.ms=1`, the scheduler its own
/// producer defaults.
public enum LatencyBenchmark {
    /// The client settings of a latency run's load generator and reader.
    public static let lowLatency = ["linger.ms": "1", "fetch.wait.max.ms": "5"]
    /// The scheduler's: its own producer settings are the service's defaults.
    static let schedulerProperties = ["fetch.wait.max.ms": "5"]

    /// Sends `rate` events per second for `seconds` to one scheduler instance and measures each one's latency.
    public static func measure(rate: Int, seconds: Double, on cluster: BenchmarkCluster, maintenanced: String, logger: Logger) async throws -> LatencyResult {
        let scheduler = try ChildProcess.benchmark(
            "the scheduler", executable: maintenanced,
            [
                "run", "--role", "scheduler", "--brokers", cluster.bootstrapServers, "--topics-dir", cluster.topicsDirectory, "--http-port", "0",
                "--stop-on-end-of-input",
            ] + BenchmarkCluster.propertyArguments(schedulerProperties))
        do {
            let result = try await measure(rate: rate, seconds: seconds, on: cluster, scheduler: scheduler, logger: logger)
            await scheduler.stop()
            return result
        } catch {
            await scheduler.stop()
            throw BenchmarkError("\(error); the scheduler's log ends: \(scheduler.standardErrorTail(600))")
        }
    }

    /// Sends and reads against the scheduler instance already running on `cluster` (its
    /// process `scheduler`, whose CPU is sampled each second beside the broker's).
    static func measure(rate: Int, seconds: Double, on cluster: BenchmarkCluster, scheduler: ChildProcess, logger: Logger) async throws -> LatencyResult {
        let total = max(1, Int(Double(rate) * seconds))
        // The reader is the instrument: it never rests (the embedded broker's defaults would pause it after 1 s).
        let reader = try KafkaConsumer(
            configuration: cluster.configuration(lowLatency.merging([KafkaConfiguration.idlePauseProperty: "0"]) { $1 }), logger: logger)
        try reader.assign((0..<cluster.partitions).map { KafkaPartitionOffset(topic: TopicName.serverTransitions, partition: $0, offset: .end) })
        let producer = try KafkaProducer(configuration: cluster.configuration(lowLatency), logger: logger)
        let codec = CloudEventCodec()
        let run = UUID().uuidString.prefix(6)
        let partitions = cluster.partitions
        // Warm-up: one request per partition, so that every partition the measured events
        // use (input, transitions, changelog) has been produced to, fetched from and
        // committed before the clock starts; a client's first request to a partition
        // waits for metadata and, for the idempotent producer, a producer id. The warm-ups
        // have the indices -1…-partitions, the measured requests 0…total-1.
        let warmUps = (0..<partitions).map { partition in
            (0...).lazy.map { "warm-\(run)-\(partition)-\($0)" }.first { Partitioner.partition(of: $0, count: partitions) == partition }!
        }
        let key: @Sendable (Int) -> String = { index in index >= 0 ? "lat-\(run)-\(index)" : warmUps[-index - 1] }
        let request: @Sendable (Int) -> KafkaProducerMessage = { index in
            let key = key(index)
            let event = OutgoingEvent(EventName.maintenanceRequested, key: key, ["namespace": "ops", "name": "bios", "type": "BIOSUpdate"])
            let message = codec.encode(event.cloudEvent(id: "\(key)-requested", source: "/benchmark/latency", time: wallMilliseconds()), key: key)
            return message.producerMessage(topic: TopicName.maintenanceRequests, partition: Partitioner.partition(of: key, count: partitions))
        }
        // The key of each input (and of its transitions) → the input's index.
        var owners: [String: Int] = [:]
        for index in -warmUps.count..<total { owners[key(index)] = index }
        let lookup = owners
        let ledger = LatencyLedger(count: total)
        let clock = ContinuousClock()
        let origin = clock.now
        let elapsedNanoseconds: @Sendable () -> Int64 = {
            let duration = clock.now - origin
            return duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        }

        return try await withThrowingTaskGroup(of: LatencyResult?.self) { tasks in
            tasks.addTask {
                // Warm-up: one request answered means the instance owns the partitions and the reader is positioned.
                var latencies: [(sent: Int64, latency: Double)] = []
                var toOutput: [Double] = []
                var seen = Set<Int>()
                let deadline = clock.now + .seconds(120)
                for try await batch in reader.batches(maxMessages: 2000, pollInterval: .milliseconds(5)) {
                    let now = elapsedNanoseconds()
                    for message in batch {
                        guard let key = message.key, let index = lookup[String(decoding: key, as: UTF8.self)] else { continue }
                        if index < 0 {
                            ledger.warmedUp.withLock { _ = $0.insert(index) }
                            continue
                        }
                        guard seen.insert(index).inserted else { continue }
                        let sent = ledger.sent.withLock { $0[index] }
                        latencies.append((sent.nanoseconds, Double(now - sent.nanoseconds) / 1e6))
                        if let created = message.timestampMilliseconds { toOutput.append(Double(created - sent.wallMilliseconds)) }
                    }
                    if seen.count == total || clock.now > deadline { break }
                }
                guard seen.count == total else { throw BenchmarkError("latency: \(seen.count) of \(total) transitions arrived") }
                return LatencyResult(
                    rate: rate, events: total, achievedRate: 0, latencies: latencies.map(\.latency).sorted(), toOutput: toOutput.sorted(),
                    p99BySecond: LatencyResult.p99BySecond(latencies))
            }
            tasks.addTask {
                // The warm-up requests; the reader's task sees their answers.
                for index in -warmUps.count..<0 { _ = try await producer.send(request(index)) }
                try await producer.flush()
                let warmDeadline = clock.now + .seconds(60)
                while ledger.warmedUp.withLock({ $0.count }) < warmUps.count {
                    guard clock.now < warmDeadline else {
                        throw BenchmarkError("latency: the scheduler answered \(ledger.warmedUp.withLock { $0.count }) of \(warmUps.count) warm-up requests")
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
                // Let the instance drain what the warm-up caused (its own transitions come back to it),
                // for less than the 1 s after which an idle consumer of the embedded broker stops
                // fetching: this measures a steady flow, not the first event after a rest.
                try await Task.sleep(for: .milliseconds(500))
                let start = clock.now
                var sent = 0
                // Each whole second of sending: the CPU the broker and the scheduler used in it.
                var cpu: (broker: [Double], scheduler: [Double]) = ([], [])
                var sampled = (at: start, broker: cluster.broker.cpuSeconds, scheduler: scheduler.cpuSeconds)
                while sent < total {
                    if clock.now - sampled.at >= .seconds(1) {
                        let next = (at: clock.now, broker: cluster.broker.cpuSeconds, scheduler: scheduler.cpuSeconds)
                        let elapsed = (next.at - sampled.at).seconds
                        cpu.broker.append(100 * (next.broker - sampled.broker) / elapsed)
                        cpu.scheduler.append(100 * (next.scheduler - sampled.scheduler) / elapsed)
                        sampled = next
                    }
                    let due = min(total, Int((clock.now - start).seconds * Double(rate)) + 1)
                    while sent < due {
                        let next = request(sent)
                        ledger.sent.withLock { $0[sent] = (elapsedNanoseconds(), wallMilliseconds()) }
                        _ = try await producer.send(next)
                        sent += 1
                    }
                    try await Task.sleep(for: .microseconds(500))
                }
                let achieved = Double(total) / (clock.now - start).seconds
                try await producer.flush()
                var sending = LatencyResult(rate: rate, events: total, achievedRate: achieved, latencies: [])
                sending.brokerCPUBySecond = cpu.broker
                sending.schedulerCPUBySecond = cpu.scheduler
                return sending
            }
            var achieved = 0.0
            var cpu: (broker: [Double], scheduler: [Double]) = ([], [])
            var result: LatencyResult?
            while let next = try await tasks.next() {
                guard let next else { continue }
                if next.latencies.isEmpty && next.events == total && result == nil && next.achievedRate > 0 {
                    achieved = next.achievedRate
                    cpu = (next.brokerCPUBySecond, next.schedulerCPUBySecond)
                } else {
                    result = next
                }
                if result != nil && achieved > 0 { tasks.cancelAll() }
            }
            try? await producer.close()
            try? await reader.close()
            guard var result else { throw BenchmarkError("latency: no result") }
            result.achievedRate = achieved
            result.brokerCPUBySecond = cpu.broker
            result.schedulerCPUBySecond = cpu.scheduler
            return result
        }
    }

    static func wallMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
