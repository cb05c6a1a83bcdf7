import Contracts
import Kafka
import Logging
import MaintenancedTesting
import Testing

/// `maintenanced run` whose role cannot restore its state: it stops before processing
/// anything, says why, and exits 75; the HTTP server is shut down gracefully beside it
/// rather than cancelled (which logged errors that had nothing to do with the cause).
@Suite("maintenanced run: a role that cannot restore its state stops the process with exit 75", .timeLimit(.minutes(3)))
struct RunFailureTests {
    @Test("an unreadable changelog record: exit 75, the record named, no error from the HTTP server's shutdown")
    func unreadableChangelog() async throws {
        let children = Shared<[ChildProcess]>([])
        defer { for child in children.value where child.isRunning { child.terminate() } }
        let broker = try ChildProcess("broker", ["broker", "--stop-on-end-of-input", "--topics-dir", RepositoryFiles.topicsDirectory])
        children.update { $0.append(broker) }
        try await waitUntil("the broker's bootstrap line") { broker.lines.first?.hasPrefix("bootstrap=") == true }
        let bootstrap = String(broker.lines[0].dropFirst("bootstrap=".count))

        var logger = Logger(label: "run-failure-tests")
        logger.logLevel = .warning
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: bootstrap), logger: logger)
        let changelog = TopicName.changelog(of: .scheduler)
        let ticket = try await producer.send(KafkaProducerMessage(topic: changelog, partition: 0, key: "server-1", value: "{not a state"))
        try await producer.awaitDelivery(upTo: ticket)
        try await producer.close()

        let instance = try ChildProcess(
            "run",
            [
                "run", "--role", "scheduler", "--brokers", bootstrap, "--http-port", "0", "--topics-dir", RepositoryFiles.topicsDirectory,
                "--stop-on-end-of-input", "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=500",
            ])
        children.update { $0.append(instance) }
        let status = try await instance.exitStatus(timeout: .seconds(90))
        let errors = instance.standardError
        #expect(status == 75, "\(errors)")
        #expect(errors.contains("maintenanced run: "), "the cause on the last line")
        #expect(errors.contains("\(changelog)[0]") && errors.contains("server-1"), "names the changelog partition and the key: \(errors)")
        #expect(!errors.contains("Server shutdown error"), "\(errors)")
        #expect(!errors.contains("Waiting on child channel"), "\(errors)")
    }
}
