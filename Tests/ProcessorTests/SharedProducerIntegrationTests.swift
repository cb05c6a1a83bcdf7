import Contracts
import Foundation
import Kafka
import Lifecycle
import MaintenancedClient
import MaintenancedTesting
import Processor
import Testing

/// A process that runs several roles gives them one producer (`RoleRunner.init(producer:)`):
/// a runner that stops must leave it open for the others, and each runner awaits only its
/// own deliveries.
@Suite("Roles sharing one producer", .timeLimit(.minutes(3)))
struct SharedProducerIntegrationTests {
    @Test("a runner that stops leaves the shared producer open: the other goes on writing through it")
    func stoppingRunnerLeavesProducerOpen() async throws {
        let logger = DeadLetterIntegrationTests.logger
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: logger)
        let shared = try KafkaProducer(configuration: RoleRunner.producerConfiguration(cluster.configuration()), logger: logger)
        let client = try KafkaProducer(configuration: cluster.configuration(), logger: logger)
        let run = UUID().uuidString
        let scheduler = try RoleRunner(
            engine: EngineRun(role: .scheduler).engine, configuration: cluster.configuration(),
            options: .init(group: "shared-scheduler-\(run)", tickInterval: .seconds(3600)), producer: shared, logger: logger)
        let power = try RoleRunner(
            engine: EngineRun(role: .power).engine, configuration: cluster.configuration(),
            options: .init(group: "shared-power-\(run)", tickInterval: .seconds(3600)), producer: shared, logger: logger)

        /// Sends `inputs` and waits until `group` committed past each (the runner appended it to its log through the shared producer).
        func send(_ inputs: [WireInput], group: String) async throws {
            let watcher = try KafkaConsumer(configuration: cluster.configuration(["group.id": group]), logger: logger)
            for input in inputs { try await input.send(with: client, awaitingCommitOf: watcher) }
            try await watcher.close()
        }

        let schedulerInputs = BadInputCorpus.valid(for: .scheduler)
        let powerInputs = BadInputCorpus.valid(for: .power)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await scheduler.run() }
            tasks.addTask { try await power.run() }
            try await send(schedulerInputs, group: "shared-scheduler-\(run)")
            #expect(scheduler.snapshot.appended == schedulerInputs.count)
            #expect(scheduler.snapshot.produced > 0)
            scheduler.shutdown()
            // The scheduler's runner ends (the group's first task to end); the power runner goes on.
            try await tasks.next()
            try await send(powerInputs, group: "shared-power-\(run)")
            // Its inputs, and what it takes of the scheduler's outputs on server.transitions.
            #expect(power.snapshot.appended >= powerInputs.count)
            #expect(power.snapshot.produced > 0)
            power.shutdown()
            try await tasks.waitForAll()
        }
        // Both stopped; the producer is still theirs to close, not closed by either.
        let last = try shared.trySend(KafkaProducerMessage(topic: TopicName.deadLetter, key: "after", value: "both runners stopped"))
        try await shared.awaitDelivery(of: last)
        try await shared.close()
        try await client.close()
    }
}
