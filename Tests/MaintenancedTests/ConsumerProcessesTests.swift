import Foundation
import Kafka
import Logging
import MaintenancedTesting
import Testing

@Suite("maintenanced processes sharing a topic through the embedded broker", .timeLimit(.minutes(2)))
struct ConsumerProcessesTests {
    /// One printed message: where it was and which key it had.
    struct Seen: Hashable {
        var partition: Int
        var offset: Int
        var key: String
    }

    static func parse(_ lines: [String]) throws -> [Seen] {
        try lines.map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return Seen(partition: try #require(object["partition"] as? Int), offset: try #require(object["offset"] as? Int), key: try #require(object["key"] as? String))
        }
    }

    @Test("two consumer processes share partitions, rebalance when one is stopped with SIGTERM, and lose nothing")
    func twoConsumersRebalanceWithoutLoss() async throws {
        let children = Shared<[ChildProcess]>([])
        do {
            try await runTwoConsumers(children)
        } catch {
            // Show what the processes said: a hang or a timeout is otherwise hard to explain.
            for child in children.value { Issue.record("\(child.name) standard error:\n\(child.standardError)") }
            throw error
        }
    }

    private func runTwoConsumers(_ children: Shared<[ChildProcess]>) async throws {
        var logger = Logger(label: "maintenanced-tests")
        logger.logLevel = .warning
        let topic = "lifecycle-\(UInt32.random(in: 0...UInt32.max))"
        let group = "group-\(UInt32.random(in: 0...UInt32.max))"

        let broker = try ChildProcess("broker", ["broker", "--stop-on-end-of-input", "--topic", "\(topic):4"])
        children.update { $0.append(broker) }
        try await waitUntil("the broker's bootstrap line") { broker.lines.first?.hasPrefix("bootstrap=") == true }
        let bootstrap = String(broker.lines[0].dropFirst("bootstrap=".count))

        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: bootstrap), logger: logger)
        var produced = 0
        func produce(_ count: Int) async throws {
            var last: KafkaProducer.DeliveryTicket?
            for _ in 0..<count {
                last = try await producer.send(KafkaProducerMessage(topic: topic, key: "server-\(produced)", value: "{\"n\":\(produced)}"))
                produced += 1
            }
            try await producer.awaitDelivery(upTo: #require(last))
        }
        let consumerArguments = [
            "kafka", "consume", "--stop-on-end-of-input", "--brokers", bootstrap, "--topic", topic, "--group", group,
            "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=500",
        ]
        func seen(_ consumers: [ChildProcess]) throws -> [Seen] { try consumers.flatMap { try Self.parse($0.lines) } }

        // Phase 1: one member reads everything.
        let first = try ChildProcess("consumer-1", consumerArguments)
        children.update { $0.append(first) }
        try await produce(200)
        try await waitUntil("consumer 1 reads 200") { first.lines.count >= 200 }

        // Phase 2: a second member joins; partitions are split between the two.
        let second = try ChildProcess("consumer-2", consumerArguments)
        children.update { $0.append(second) }
        try await waitUntil("consumer 2 gets partitions") { second.standardError.contains("Kafka partitions assigned") }
        try await produce(100)
        try await waitUntil("both read the next 100") { (try? seen([first, second]).count) ?? 0 >= 300 }
        #expect(second.lines.count > 0, "the second member got no partitions")

        // Phase 3: stop the first member in the middle of a stream of messages.
        for round in 0..<6 {
            try await produce(50)
            if round == 2 { first.terminate() }
        }
        #expect(try await first.exitStatus() == 0)
        try await waitUntil("every produced message is seen") { Set((try? seen([first, second])) ?? []).count == produced }
        second.terminate()
        #expect(try await second.exitStatus() == 0)
        try await producer.close()
        broker.terminate()
        #expect(try await broker.exitStatus() == 0)

        // Exact coverage: every offset of every partition, every key; duplicates only as at-least-once redelivery.
        let all = try seen([first, second])
        let unique = Set(all)
        #expect(unique.count == produced)
        #expect(Set(unique.map(\.key)) == Set((0..<produced).map { "server-\($0)" }))
        for (partition, records) in Dictionary(grouping: unique, by: \.partition) {
            #expect(Set(records.map(\.offset)) == Set(0..<records.count), "gap in partition \(partition)")
        }
        #expect(first.standardError.contains("Kafka partitions revoked"), "the first member did not leave the group")
        let duplicates = all.count - unique.count
        #expect(duplicates <= 500, "more redelivered than one batch per partition: \(duplicates)")
    }
}
