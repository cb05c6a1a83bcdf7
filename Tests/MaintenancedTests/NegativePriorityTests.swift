import Contracts
import Events
import Foundation
import Kafka
import Logging
import MaintenancedTesting
import Testing

/// A maintenance operator queues a low-priority cleanup behind the others:
/// `maintenanced request maintenance -b $B --server server-1 --type Cleanup --priority -10`.
///
/// `request maintenance --help`: `--priority <priority>  Higher runs first (-1000…1000).`;
/// docs/EVENTS.md: `priority` is an integer -1000…1000, default 0. Half of the documented
/// range is negative.
///
/// What happens: `Error: Missing value for '--priority <priority>'`, exit 64, nothing sent.
/// The argument parser takes `-10` for an option, because `--priority` is declared without
/// `parsing: .unconditional` (`RequestMaintenanceCommand.priority`), unlike the numeric
/// options of `demo` and `run`, which were made to take negative numbers for what they are.
/// Only `--priority=-10` works, which no help or doc mentions.
@Suite("request maintenance --priority takes the negative half of its documented range", .timeLimit(.minutes(2)))
struct NegativePriorityTests {
    @Test("--priority -10 is sent as priority -10 (exit 0), as --priority 10 is")
    func negativePriority() async throws {
        var logger = Logger(label: "negative-priority-tests")
        logger.logLevel = .warning
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: logger)
        let brokers = cluster.bootstrapServers
        let run = try await ChildProcess.run([
            "request", "maintenance", "-b", brokers, "--server", "server-1", "--type", "Cleanup", "--priority", "-10", "--namespace", "ops", "--name", "low",
        ])
        #expect(run.status == 0, "\(run.status): \(run.errors)")
        #expect(!run.errors.contains("Missing value"), "\(run.errors)")
        guard run.status == 0 else { return }

        let consumer = try KafkaConsumer(configuration: cluster.configuration(), logger: logger)
        try consumer.assign((0..<12).map { KafkaPartitionOffset(topic: TopicName.maintenanceRequests, partition: $0, offset: .beginning) })
        var priority: Int64?
        for try await batch in consumer.batches() {
            if let message = batch.first {
                let event = try CloudEventCodec().decode(EventMessage(message))
                priority = event.data?["priority"]?.intValue
                break
            }
        }
        try await consumer.close()
        #expect(priority == -10)
    }
}
