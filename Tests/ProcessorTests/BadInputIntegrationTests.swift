import Contracts
import Events
import Foundation
import Kafka
import KafkaTopics
import Lifecycle
import MaintenancedTesting
import Processor
import Testing

@Suite("Bad input corpus on the embedded broker: every bad input accounted for, no output lost", .timeLimit(.minutes(3)))
struct BadInputIntegrationTests {
    @Test("the power role's mixed run through RoleRunner gives the same records as the engine alone")
    func mixedRunOnKafka() async throws {
        let logger = DeadLetterIntegrationTests.logger
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: logger)
        let role = Role.power
        // The inputs of about 1 MB included: their dead letters carry the first 900 000 bytes.
        let inputs = BadInputCorpus.mixed(for: role)

        // What the engine alone gives, per output topic (changelogs aside).
        var expected = EngineRun(role: role)
        try expected.run(inputs)
        var expectedCounts: [String: Int] = [:]
        for record in expected.outputs.joined() { expectedCounts[record.topic, default: 0] += 1 }
        let expectedLetters = inputs.filter { if case .deadLetter = $0.expectation { true } else { false } }.count
        #expect(expectedCounts[TopicName.deadLetter] == expectedLetters)

        let producer = try KafkaProducer(configuration: cluster.configuration(["message.max.bytes": "4000000"]), logger: logger)
        for input in inputs {
            _ = try await producer.send(KafkaProducerMessage(
                topic: input.topic, partition: input.consumedPartition, key: input.message.key, value: input.message.value,
                headers: input.message.headers))
        }
        try await producer.close()

        let engine = EngineRun(role: role).engine
        let runner = try RoleRunner(
            engine: engine, configuration: cluster.configuration(),
            options: .init(group: "power-\(UUID().uuidString)", tickInterval: .seconds(3600)), logger: logger)
        var received: [String: [EventMessage]] = [:]
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await runner.run() }
            for (topic, count) in expectedCounts.sorted(by: { $0.key < $1.key }) {
                received[topic] = try await DeadLetterIntegrationTests.read(topic, on: cluster) { $0.count >= count }
            }
            // Stopped gracefully, so the last batch's counters are in the snapshot.
            runner.shutdown()
            try await tasks.waitForAll()
        }
        for (topic, count) in expectedCounts {
            #expect(received[topic]?.count == count, "\(topic)")
        }
        let letters = received[TopicName.deadLetter] ?? []
        let reasons = letters.compactMap { $0.header(DeadLetter.Header.reason) }.sorted()
        let expectedReasons = inputs.compactMap { input -> String? in
            guard case .deadLetter(let reason) = input.expectation else { return nil }
            return reason
        }.sorted()
        #expect(reasons == expectedReasons)
        let rejected = (received[TopicName.serverTransitions] ?? []).filter { $0.header("ce_type") == EventName.transitionRejected }
        #expect(rejected.count == BadInputCorpus.wrong(for: role).count)
        let snapshot = runner.snapshot
        #expect(snapshot.consumed >= inputs.count)
        #expect(snapshot.deadLetters == expectedLetters)
    }
}
