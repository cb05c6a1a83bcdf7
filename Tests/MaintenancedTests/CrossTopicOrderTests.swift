import Contracts
import Events
import Foundation
import Kafka
import Logging
import MaintenancedClient
import MaintenancedTesting
import Processor
import Testing

/// Events of one server on two topics, from two producers, are applied in event-time
/// order: the scheduler's sequencer reads what the other topic already holds before it
/// appends, so a claim sent 10 ms before a maintenance request always goes first.
@Suite("Cross-topic order: a claim and, 10 ms later, a maintenance request", .timeLimit(.minutes(5)))
struct CrossTopicOrderTests {
    static let rounds = 100

    @Test("100 times against the broker in its own process: the owner's approval is requested every time, no maintenance starts")
    func claimThenRequest() async throws {
        try await withChildProcesses { children in
            try await run(children, rounds: Self.rounds, rest: .zero)
        }
    }

    /// The scheduler's consumer stops fetching after a second without a message and probes
    /// end offsets instead (`IdleFetching`); each round here starts from that rest, so the
    /// claim and the request are read by a consumer resuming its partitions. Under load,
    /// rounds of the test above took 1.45 s and one of them skipped the approval in CI.
    @Test("20 times, each after a rest long enough for the scheduler to stop fetching: the owner's approval is requested every time")
    func claimThenRequestAfterRest() async throws {
        try await withChildProcesses { children in
            try await run(children, rounds: 20, rest: .milliseconds(1600))
        }
    }

    private func run(_ children: Shared<[ChildProcess]>, rounds: Int, rest: Duration) async throws {
        var logger = Logger(label: "cross-topic-order-tests")
        logger.logLevel = .warning
        let broker = try ChildProcess("broker", ["broker", "--stop-on-end-of-input", "--topics-dir", RepositoryFiles.topicsDirectory])
        children.update { $0.append(broker) }
        try await waitUntil("the broker's bootstrap line") { broker.lines.first?.hasPrefix("bootstrap=") == true }
        let bootstrap = String(broker.lines[0].dropFirst("bootstrap=".count))
        let instance = try ChildProcess(
            "scheduler",
            [
                "run", "--role", "scheduler", "--brokers", bootstrap, "--http-port", "0", "--topics-dir", RepositoryFiles.topicsDirectory,
                "--stop-on-end-of-input", "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=500",
            ])
        children.update { $0.append(instance) }
        try await waitUntil("the scheduler's partitions", timeout: .seconds(60)) { instance.standardError.contains("partitions assigned") }

        let configuration = KafkaConfiguration(bootstrapServers: bootstrap)
        let owners = try EventProducer(configuration: configuration, logger: logger)
        let operators = try EventProducer(configuration: configuration, logger: logger)
        let run = UInt32.random(in: 0...UInt32.max)
        let servers = (0..<rounds).map { "race-\(run)-\($0)" }
        for server in servers {
            try await Task.sleep(for: rest)
            let time = wallClockMilliseconds()
            _ = try await owners.send(
                OutgoingEvent(EventName.serverClaimed, key: server, ["owner": "team-a", "okToMaintenance": false]), id: "\(server)-claim",
                source: "/tests/claim-owner", time: time)
            try await owners.flush()
            try await Task.sleep(for: .milliseconds(10))
            _ = try await operators.send(
                OutgoingEvent(EventName.maintenanceRequested, key: server, ["namespace": "ops", "name": "bios", "type": "BIOSUpdate"]),
                id: "\(server)-request", source: "/tests/operator", time: time + 10)
            try await operators.flush()
        }
        try await owners.close()
        try await operators.close()

        // Every server: approval asked for; never in maintenance, never a power command.
        let wanted = Set(servers)
        let reader = try KafkaConsumer(configuration: configuration, logger: logger)
        try reader.assign((0..<12).flatMap { partition in
            [TopicName.operatorRequests, TopicName.powerCommands, TopicName.serverTransitions].map {
                KafkaPartitionOffset(topic: $0, partition: Int32(partition), offset: .beginning)
            }
        })
        var asked = Set<String>()
        var started = Set<String>()
        var powered = Set<String>()
        let deadline = ContinuousClock.now + .seconds(120)
        while asked.count < wanted.count, ContinuousClock.now < deadline {
            let batch = try await reader.nextBatch(maxMessages: 1000, timeout: .milliseconds(200))
            for message in batch {
                guard let key = message.keyString, wanted.contains(key) else { continue }
                let type = message.headers.first { $0.name == "ce_type" }.flatMap { $0.value.map { String(decoding: $0, as: UTF8.self) } }
                switch type {
                case EventName.maintenanceApprovalRequested: asked.insert(key)
                case EventName.maintenanceStartRequested: started.insert(key)
                case EventName.powerOffRequested, EventName.powerOnRequested: powered.insert(key)
                default: break
                }
            }
        }
        try await reader.close()
        #expect(asked.count == rounds, "approval requested for \(asked.count) of \(rounds) servers")
        #expect(started.isEmpty, "maintenance started without approval: \(started.sorted().prefix(10))")
        #expect(powered.isEmpty, "powered without approval: \(powered.sorted().prefix(10))")
        instance.terminate()
        #expect(try await instance.exitStatus() == 0)
    }
}
