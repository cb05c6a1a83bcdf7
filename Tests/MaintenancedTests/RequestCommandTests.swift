import Contracts
import Events
import Foundation
import Kafka
import KafkaTopics
import Logging
import MaintenancedTesting
import Processor
import Testing

@Suite("Sending requests: the request CLI and the README's kcat example", .timeLimit(.minutes(2)))
struct RequestCommandTests {
    static let logger: Logger = {
        var logger = Logger(label: "request-tests")
        logger.logLevel = .warning
        return logger
    }()

    /// This process's environment without any MAINTENANCED_* variable, with `added`.
    static func environment(adding added: [String: String]) -> [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("MAINTENANCED_") }.merging(added) { _, new in new }
    }

    /// Reads `count` messages of `topic` from the beginning, as events the service would accept.
    static func read(_ count: Int, from topic: String, on cluster: EmbeddedKafkaCluster) async throws -> [(InboundEvent, partition: Int32)] {
        let consumer = try KafkaConsumer(configuration: cluster.configuration(), logger: logger)
        try consumer.assign((0..<12).map { KafkaPartitionOffset(topic: topic, partition: $0, offset: .beginning) })
        var events: [(InboundEvent, partition: Int32)] = []
        for try await batch in consumer.batches() {
            for message in batch {
                let eventMessage = EventMessage(message)
                let event = try CloudEventCodec().decode(eventMessage)
                events.append((try InboundEvent(event: event, topic: topic, key: eventMessage.key), message.partition))
            }
            if events.count >= count { break }
        }
        try await consumer.close()
        return events
    }

    @Test("request maintenance, approve and complete send valid events to the key's murmur2 partition")
    func requestCommands() async throws {
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: Self.logger)
        let brokers = cluster.bootstrapServers
        // An event file with its own id and source: --source replaces the file's, the id stays.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("event-\(UUID().uuidString).json")
        try #"{"type":"dev.maintenanced.maintenance.completed","id":"from-file","source":"/file","subject":"server-7","data":{"namespace":"ops","name":"bios"}}"#
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let runs = try await [
            ChildProcess.run(["request", "maintenance", "-b", brokers, "--server", "server-7", "--type", "BIOSUpdate", "--priority", "10", "--namespace", "ops", "--name", "bios"]),
            ChildProcess.run(["request", "approve", "-b", brokers, "--server", "server-7", "--id", "approval-1", "--owner", "team-a"]),
            ChildProcess.run(["request", "complete", "-b", brokers, "--server", "server-7", "--namespace", "ops", "--name", "bios"]),
            ChildProcess.run(["request", "event", "-b", brokers, "--file", file.path, "--source", "/ops/cli"]),
            // No -b: the brokers of the service's configuration, here its environment (as in a pod).
            ChildProcess.run(
                ["request", "cancel", "--server", "server-7", "--namespace", "ops", "--name", "bios"],
                environment: Self.environment(adding: ["MAINTENANCED_KAFKA_BOOTSTRAP_SERVERS": brokers])),
        ]
        for run in runs {
            #expect(run.status == 0, "\(run.errors)")
            #expect(run.output.hasPrefix("sent dev.maintenanced."), "\(run.output)")
        }
        let events = try await Self.read(5, from: TopicName.maintenanceRequests, on: cluster)
        #expect(
            events.map(\.0.event.type) == [
                EventName.maintenanceRequested, EventName.maintenanceApproved, EventName.maintenanceCompleted, EventName.maintenanceCompleted,
                EventName.maintenanceCancellationRequested,
            ])
        let expectedPartition = Partitioner.partition(of: "server-7", count: 12)
        #expect(events.allSatisfy { $0.partition == expectedPartition && $0.0.key == "server-7" })
        #expect(events[0].0.int("priority") == 10)
        #expect(events[1].0.event.id == "approval-1" && events[1].0.string("owner") == "team-a")
        #expect(events[0].0.event.source == "/maintenanced/cli")
        #expect(events[3].0.event.id == "from-file" && events[3].0.event.source == "/ops/cli", "\(events[3].0.event)")
        #expect(runs[0].output.contains("to maintenance.requests[\(expectedPartition)] key=server-7"))
    }

    @Test("an event the service would dead-letter is refused with exit 65 and nothing is sent")
    func refusesInvalidEvents() async throws {
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: Self.logger)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("event-\(UUID().uuidString).json")
        try #"{"type":"dev.maintenanced.maintenance.requested","subject":"server-1","data":{"namespace":"ops"}}"#.write(to: file, atomically: true, encoding: .utf8)
        let run = try await ChildProcess.run(["request", "event", "-b", cluster.bootstrapServers, "--file", file.path])
        #expect(run.status == 65)
        #expect(run.errors.contains("$.name: required member is missing"), "\(run.errors)")
        // Refused before the schema: not JSON, no or an unknown type, no subject. Each names the
        // file and what is wrong, with no usage line (the command line was right).
        let refusals: [(text: String, expected: String)] = [
            ("{", "not JSON"),
            (#"{"subject":"s"}"#, #"no "type""#),
            (#"{"type":"nope","subject":"s"}"#, "unknown event type nope"),
            (#"{"type":"dev.maintenanced.maintenance.requested"}"#, #"no "subject""#),
        ]
        for (text, expected) in refusals {
            try text.write(to: file, atomically: true, encoding: .utf8)
            let refused = try await ChildProcess.run(["request", "event", "-b", cluster.bootstrapServers, "--file", file.path])
            #expect(refused.status == 65, "\(text): \(refused.errors)")
            #expect(refused.errors.contains("maintenanced request event: \(file.path): \(expected)"), "\(text): \(refused.errors)")
            #expect(!refused.errors.contains("Usage:"), "\(refused.errors)")
        }
        let missing = try await ChildProcess.run(["request", "event", "-b", cluster.bootstrapServers, "--file", file.path + ".gone"])
        #expect(missing.status == 64 && missing.errors.contains("cannot read \(file.path).gone"), "\(missing.errors)")
        // Nothing was sent.
        let consumer = try KafkaConsumer(configuration: cluster.configuration(), logger: Self.logger)
        let written = try await consumer.closing(after: {
            var sum: Int64 = 0
            for partition in Int32(0)..<12 {
                sum += try await consumer.watermarks(of: KafkaTopicPartition(topic: TopicName.maintenanceRequests, partition: partition)).high
            }
            return sum
        })
        #expect(written == 0)
    }

    @Test("kafka produce puts a keyed message on the partition the service reads that key from (murmur2), as the chart's first request needs")
    func kafkaProducePartitionsAsTheService() async throws {
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: Self.logger)
        let keys = ["server-001", "server-002", "server-003"]
        for key in keys {
            let run = try await ChildProcess.run(["kafka", "produce", "-b", cluster.bootstrapServers, "-t", TopicName.maintenanceRequests, "-k", key, "x"])
            #expect(run.status == 0, "\(run.errors)")
        }
        let consumer = try KafkaConsumer(configuration: cluster.configuration(), logger: Self.logger)
        try consumer.assign((0..<12).map { KafkaPartitionOffset(topic: TopicName.maintenanceRequests, partition: $0, offset: .beginning) })
        let placed = try await consumer.closing(after: {
            var placed: [String: Int32] = [:]
            for try await batch in consumer.batches() {
                for message in batch { placed[String(decoding: message.key ?? [], as: UTF8.self)] = message.partition }
                if placed.count >= keys.count { break }
            }
            return placed
        })
        #expect(placed == Dictionary(uniqueKeysWithValues: keys.map { ($0, Partitioner.partition(of: $0, count: 12)) }))
    }

    @Test("the README's kcat example produces an event the service accepts")
    func readmeKcatExample() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/kcat") else {
            Issue.record("kcat is not installed: run scripts/setup")
            return
        }
        let readme = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("README.md"), encoding: .utf8)
        let marker = try #require(readme.range(of: "<!-- kcat-example"))
        let afterMarker = readme[marker.upperBound...]
        let open = try #require(afterMarker.range(of: "```sh\n"))
        let close = try #require(afterMarker[open.upperBound...].range(of: "```"))
        let script = String(afterMarker[open.upperBound..<close.lowerBound])

        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: Self.logger)
        let run = try await ChildProcess.run(
            ["-euo", "pipefail", "-c", script], executable: URL(fileURLWithPath: "/bin/bash"),
            environment: ["B": cluster.bootstrapServers, "PATH": "/usr/bin:/bin"])
        #expect(run.status == 0, "\(run.errors)")

        let events = try await Self.read(1, from: TopicName.maintenanceRequests, on: cluster)
        let (event, partition) = try #require(events.first)
        #expect(event.event.type == EventName.maintenanceRequested)
        #expect(event.key == "server-1")
        #expect(event.string("name") == "bios-update")
        #expect(partition == Partitioner.partition(of: "server-1", count: 12))
    }
}
