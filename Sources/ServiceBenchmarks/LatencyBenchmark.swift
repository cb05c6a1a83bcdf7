import Contracts
import Events
import Foundation
import Kafka
import Logging
import Processor

/// End-to-end latency of the maintenance scheduler at a steady rate: from the moment a
/// `maintenance.requested` is handed to the producer to the moment a consumer of
/// `server.transitions` reads the first transition derived from it (its id is
/// `EventID.derive(from:role:index:)` of the input's).
///
/// Every client here (load generator, the scheduler instance, the reader) uses
/// `linger.ms=1` and `fetch.wait.max.ms=5`: the mock broker holds an empty fetch for the
/// whole `fetch.wait.max.ms` (500 ms by default) instead of answering when data arrives.
public enum LatencyBenchmark {
    /// The client settings of a latency run.
    public static let lowLatency = ["linger.ms": "1", "fetch.wait.max.ms": "5"]

    /// Sends `rate` events per second for `seconds` to one scheduler instance and measures each one's latency.
    public static func measure(rate: Int, seconds: Double, on cluster: BenchmarkCluster, logger: Logger) async throws -> LatencyResult {
        let total = max(1, Int(Double(rate) * seconds))
        let group = "bench-latency-\(UUID().uuidString.prefix(8))"
        let runner = try RoleRunner(
            engine: FleetSimulation.makeEngine(.scheduler, partitions: cluster.partitions, consumer: group),
            configuration: cluster.configuration(lowLatency), options: .init(group: group), logger: logger)
        let reader = try KafkaConsumer(configuration: cluster.configuration(lowLatency), logger: logger)
        try reader.assign((0..<cluster.partitions).map { KafkaPartitionOffset(topic: TopicName.serverTransitions, partition: $0, offset: .end) })
        let producer = try KafkaProducer(configuration: cluster.configuration(lowLatency), logger: logger)
        let codec = CloudEventCodec()
        let run = UUID().uuidString.prefix(6)
        let partitions = cluster.partitions
        let request: @Sendable (Int) -> (id: String, message: KafkaProducerMessage) = { index in
            let key = "lat-\(run)-\(index)"
            let id = "\(key)-requested"
            let event = OutgoingEvent(EventName.maintenanceRequested, key: key, ["namespace": "ops", "name": "bios", "type": "BIOSUpdate"])
            let message = codec.encode(event.cloudEvent(id: id, source: "/benchmark/latency", time: wallMilliseconds()), key: key)
            return (id, message.producerMessage(topic: TopicName.maintenanceRequests, partition: Partitioner.partition(of: key, count: partitions)))
        }
        // Derived ids of the first outputs of each input → the input's index (-1: the warm-up).
        var owners: [String: Int] = [:]
        for index in -1..<total {
            for output in 0..<3 { owners[EventID.derive(from: "lat-\(run)-\(index)-requested", role: Role.scheduler.rawValue, index: output)] = index }
        }
        let lookup = owners
        let ledger = LatencyLedger(count: total)
        let clock = ContinuousClock()
        let origin = clock.now
        let elapsedNanoseconds: @Sendable () -> Int64 = {
            let duration = clock.now - origin
            return duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
        }

        return try await withThrowingTaskGroup(of: LatencyResult?.self) { tasks in
            tasks.addTask { try await runner.runUntilCancelled(); return nil }
            tasks.addTask {
                // Warm-up: one request answered means the instance owns the partitions and the reader is positioned.
                var latencies: [Double] = []
                var seen = Set<Int>()
                let deadline = clock.now + .seconds(120)
                for try await batch in reader.batches(maxMessages: 2000, pollInterval: .milliseconds(5)) {
                    let now = elapsedNanoseconds()
                    for message in batch {
                        guard let id = message.headers.first(where: { $0.key == "ce_id" })?.value,
                            let index = lookup[String(decoding: id, as: UTF8.self)]
                        else { continue }
                        if index < 0 { ledger.warmed.withLock { $0 = true }; continue }
                        guard seen.insert(index).inserted else { continue }
                        let sent = ledger.sentAt.withLock { $0[index] }
                        latencies.append(Double(now - sent) / 1e6)
                    }
                    if seen.count == total || clock.now > deadline { break }
                }
                guard seen.count == total else { throw BenchmarkError("latency: \(seen.count) of \(total) transitions arrived") }
                return LatencyResult(rate: rate, events: total, achievedRate: 0, latencies: latencies.sorted())
            }
            tasks.addTask {
                // The warm-up request, repeated until the instance has answered (the reader's task sees it).
                let warmUp = request(-1)
                _ = try await producer.send(warmUp.message)
                try await producer.flush()
                let warmDeadline = clock.now + .seconds(60)
                while !ledger.warmed.withLock({ $0 }) {
                    guard clock.now < warmDeadline else { throw BenchmarkError("latency: the scheduler did not answer the warm-up request") }
                    try await Task.sleep(for: .milliseconds(20))
                }
                let start = clock.now
                var sent = 0
                while sent < total {
                    let due = min(total, Int((clock.now - start).seconds * Double(rate)) + 1)
                    while sent < due {
                        let next = request(sent)
                        ledger.sentAt.withLock { $0[sent] = elapsedNanoseconds() }
                        _ = try await producer.send(next.message)
                        sent += 1
                    }
                    try await Task.sleep(for: .microseconds(500))
                }
                let achieved = Double(total) / (clock.now - start).seconds
                try await producer.flush()
                return LatencyResult(rate: rate, events: total, achievedRate: achieved, latencies: [])
            }
            var achieved = 0.0
            var result: LatencyResult?
            while let next = try await tasks.next() {
                guard let next else { continue }
                if next.latencies.isEmpty && next.events == total && result == nil && next.achievedRate > 0 {
                    achieved = next.achievedRate
                } else {
                    result = next
                }
                if result != nil && achieved > 0 { tasks.cancelAll() }
            }
            try? await producer.close()
            try? await reader.close()
            guard var result else { throw BenchmarkError("latency: no result") }
            result.achievedRate = achieved
            return result
        }
    }

    static func wallMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
