import Contracts
import Events
import Processor
import MaintenancedTesting
import Testing

/// The runtime's guarantee, without Kafka: outputs are produced before the changelog,
/// the changelog before the commit; a crash anywhere in between is followed by a
/// replay that gives the same outputs with the same ids and applies nothing twice.
@Suite("A replay after a crash gives the same outputs with the same ids and applies nothing twice")
struct RoleEngineReplayTests {
    static let counts = Dictionary(uniqueKeysWithValues: SchedulerContract.inputTopics.map { ($0, Int32(12)) })
    static let partition = Partitioner.partition(of: "server-1", count: 12)

    static func engine() -> RoleEngine {
        RoleEngine(role: .scheduler, logics: [SchedulerLogic()], partitionCounts: counts, consumerName: "replay-test")
    }

    /// The inputs, in partition order: three maintenances, one cancelled while pending,
    /// the active one cancelled (so the next starts), and a tick.
    static let inputs: [EventMessage] = {
        let codec = CloudEventCodec()
        func message(_ type: String, _ data: JSONValue, id: String, time: Int64) -> EventMessage {
            codec.encode(OutgoingEvent(type, key: "server-1", data).cloudEvent(id: id, source: "/tests", time: time), key: "server-1")
        }
        return [
            message(EventName.maintenanceRequested, ["namespace": "ops", "name": "a", "type": "BIOSUpdate", "power": "on"], id: "in-0", time: 1_000),
            message(EventName.maintenanceRequested, ["namespace": "ops", "name": "b", "type": "Cleanup", "priority": 5], id: "in-1", time: 2_000),
            message(EventName.maintenanceCancellationRequested, ["namespace": "ops", "name": "b"], id: "in-2", time: 3_000),
            message(EventName.maintenanceRequested, ["namespace": "ops", "name": "c", "type": "Cleanup"], id: "in-3", time: 4_000),
            message(EventName.maintenanceCancellationRequested, ["namespace": "ops", "name": "a"], id: "in-4", time: 5_000),
            message(EventName.maintenanceRequested, ["namespace": "ops", "name": "d", "type": "Audit"], id: "in-5", time: 6_000),
        ]
    }()

    /// Folds the role-log records at `range` (the inputs, appended in order, each at its own time).
    static func process(_ engine: inout RoleEngine, _ range: Range<Int>) -> [OutgoingRecord] {
        range.flatMap { offset in
            engine.process(
                RoleLog.copy(inputs[offset], topic: TopicName.maintenanceRequests, partition: partition, offset: Int64(offset), time: 1_000 * Int64(offset + 1)),
                partition: partition, offset: Int64(offset))
        }
    }

    static func restore(_ engine: inout RoleEngine, from changelog: [OutgoingRecord]) throws {
        for record in changelog {
            try engine.restore(
                changelog: record.topic, partition: record.partition ?? -1, key: record.message.key, value: record.message.value, headers: record.message.headers)
        }
    }

    @Test("crash after the outputs were delivered, before the changelog: the replay sends the same outputs again, same ids and bytes")
    func crashBeforeChangelog() throws {
        var first = Self.engine()
        let before = Self.process(&first, 0..<3)
        let changelog = try first.takeChangelog()
        let lost = Self.process(&first, 3..<5)  // delivered, then the process died
        #expect(!before.isEmpty && !lost.isEmpty)

        var second = Self.engine()
        try Self.restore(&second, from: changelog)
        // The committed offset may be older than the changelog: inputs already in it give nothing.
        #expect(Self.process(&second, 0..<3).isEmpty)
        let replayed = Self.process(&second, 3..<5)
        #expect(replayed == lost)
        #expect(Set(replayed.compactMap { $0.message.header("ce_id") }).count == replayed.count)
    }

    @Test("crash after the changelog, before the commit: the redelivered inputs change nothing and send nothing")
    func crashBeforeCommit() throws {
        var first = Self.engine()
        _ = Self.process(&first, 0..<3)
        var changelog = try first.takeChangelog()
        _ = Self.process(&first, 3..<5)
        changelog += try first.takeChangelog()  // written, then the process died before committing

        var second = Self.engine()
        try Self.restore(&second, from: changelog)
        #expect(Self.process(&second, 3..<5).isEmpty)
        // Both go on the same way: the state was restored exactly, nothing applied twice.
        let next = Self.process(&second, 5..<6)
        #expect(!next.isEmpty)
        #expect(next == Self.process(&first, 5..<6))
    }

    @Test("without the checkpoint and the states' offsets the same inputs would be applied twice: the test can fail")
    func checkpointMatters() throws {
        var first = Self.engine()
        _ = Self.process(&first, 0..<3)
        // Either protects alone: the partition's checkpoint, or each state's log offset (mtd-offset).
        let changelog = try first.takeChangelog().filter { $0.message.key != Array(RoleEngine.checkpointKey.utf8) }.map { record in
            var record = record
            record.message.headers = []
            return record
        }
        var second = Self.engine()
        try Self.restore(&second, from: changelog)
        let again = Self.process(&second, 0..<3)
        #expect(again.contains { $0.message.header("ce_type") == EventName.transitionRejected }, "a replayed request is a duplicate")
    }

    @Test("an event sent twice with the same ce_id gets answers whose ids differ from the first copy's; every output id is unique")
    func sameEventTwice() throws {
        var engine = Self.engine()
        let first = Self.process(&engine, 0..<1)
        // The same event sent again (a second record of the source topic), at the log's next offset: a duplicate, answered with a rejection.
        let second = engine.process(
            RoleLog.copy(Self.inputs[0], topic: TopicName.maintenanceRequests, partition: Self.partition, offset: 1, time: 2_000),
            partition: Self.partition, offset: 1)
        #expect(second.count == 1 && second[0].message.header("ce_type") == EventName.transitionRejected)
        let ids = (first + second).compactMap { $0.message.header("ce_id") }
        #expect(ids.count == first.count + second.count)
        #expect(Set(ids).count == ids.count, "output ids repeat: \(ids)")
        // The whole input log: every output of every input has an id of its own.
        var whole = Self.engine()
        let all = Self.process(&whole, 0..<Self.inputs.count)
        let allIDs = all.compactMap { $0.message.header("ce_id") }
        #expect(allIDs.count == all.count && Set(allIDs).count == allIDs.count)
        // And the same log replayed from scratch gives the same ids, byte for byte.
        var again = Self.engine()
        #expect(Self.process(&again, 0..<Self.inputs.count) == all)
    }
}
