#if os(Linux)
import Foundation
import CKafkaShims
@testable import Kafka
import Testing

/// librdkafka's threads get `RdKafkaClient.timerSlack`, so that librdkafka 2.0.2's main
/// loop does not spin for the last millisecond before each timer; the thread that made
/// the client keeps its own.
@Suite("librdkafka's threads wait with a timer slack")
struct TimerSlackTests {
    /// Timer slack in nanoseconds of each thread of this process, by thread name.
    static func slacks() throws -> [(name: String, slack: UInt)] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").compactMap { task in
            // Other tests' threads come and go while this one lists them: one that ended
            // between the listing and the read is left out.
            guard let comm = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8) else { return nil }
            let name = comm.trimmingCharacters(in: .whitespacesAndNewlines)
            // Per thread as /proc/<tid>/timerslack_ns (not under /proc/self/task).
            guard let slack = try? String(contentsOfFile: "/proc/\(task)/timerslack_ns", encoding: .utf8) else { return nil }
            return (name, UInt(slack.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0)
        }
    }

    @Test("a client's and the embedded cluster's threads have it, the creating thread keeps its own")
    func librdkafkaThreadsHaveTheSlack() throws {
        let before = ckafka_timer_slack()
        let cluster = try EmbeddedKafkaCluster(logger: testLogger)
        let producer = try KafkaProducer(configuration: cluster.configuration(), logger: testLogger)
        #expect(ckafka_timer_slack() == before)
        #expect(before != RdKafkaClient.timerSlack)
        // librdkafka's threads name themselves once they run: a thread just created still has
        // its creator's name, so wait (bounded) until each has named itself.
        var librdkafka = try Self.slacks().filter { $0.name.hasPrefix("rdk:") }
        let deadline = Date().addingTimeInterval(5)
        while !(librdkafka.contains { $0.name == "rdk:mock" } && librdkafka.filter { $0.name == "rdk:main" }.count >= 2),
              Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
            librdkafka = try Self.slacks().filter { $0.name.hasPrefix("rdk:") }
        }
        // Two clients (the cluster's host and the producer), each with a main thread; the mock's thread.
        #expect(librdkafka.filter { $0.name == "rdk:main" }.count >= 2)
        #expect(librdkafka.contains { $0.name == "rdk:mock" })
        for thread in librdkafka {
            #expect(thread.slack == RdKafkaClient.timerSlack, "\(thread.name): \(thread.slack) ns")
        }
        // Ours (the delivery-report thread) are not librdkafka's: they keep the default.
        #expect(try Self.slacks().filter { $0.name == "kafka-producer" }.allSatisfy { $0.slack != RdKafkaClient.timerSlack })
        _ = producer
    }
}
#endif
