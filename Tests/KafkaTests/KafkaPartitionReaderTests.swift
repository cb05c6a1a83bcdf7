import Foundation
@testable import Kafka
import Synchronization
import Testing

/// A restore's read on several threads: every record is read once, and none of the
/// threads is one of Dispatch's workers (on Linux, the threads Swift's tasks run on).
@Suite("KafkaPartitionReader on several threads", .timeLimit(.minutes(3)))
struct KafkaPartitionReaderTests {
    @Test("four partitions on two threads: each record read once, on the caller's thread and a thread of its own")
    func readsOnThreadsOfItsOwn() async throws {
        let (cluster, topic) = try await clusterWithTopic("reader", partitions: 4)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: testLogger)
        for partition in Int32(0)..<4 {
            for index in 0..<(25 * Int(partition + 1)) {
                _ = try await producer.send(KafkaProducerMessage(topic: topic, partition: partition, key: "k\(index)", value: "v\(index)"))
            }
        }
        try await producer.flush()
        let partitions = (Int32(0)..<4).map { KafkaTopicPartition(topic: topic, partition: $0) }
        let reader = KafkaPartitionReader(configuration: cluster.configuration(), logger: testLogger)
        let callers = Mutex<Set<String>>([])
        // Called from a thread of the test's own, as the rebalance hook calls it from the consumer's.
        let shares = try await KafkaThread.runOnNewThread(name: "restore-caller") {
            callers.withLock { _ = $0.insert(Self.threadName()) }
            return Result {
                try reader.read(partitions, threads: 2, groupedBy: { $0.partition }, start: { _ in [String: Int]() }) { counts, _ in
                    counts[Self.threadName(), default: 0] += 1
                }
            }
        }.get()
        #expect(shares.map(\.records).reduce(0, +) == 250)
        #expect(shares.flatMap(\.partitions).count == 4)
        let threads = shares.flatMap { $0.accumulator.keys }
        #expect(Set(threads) == ["restore-caller", "kafka-restore"], "\(threads)")
        #expect(callers.withLock { $0 } == ["restore-caller"])
    }

    /// The calling thread's name, as the kernel has it.
    static func threadName() -> String {
        ((try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "?").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
