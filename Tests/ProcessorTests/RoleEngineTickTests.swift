import Contracts
import Events
import Processor
import Testing

/// Ticks decide timeouts from an index of the keys that have a deadline, kept up to date
/// by every step, tick and restore; these tests pin its behaviour to the timeouts of
/// the states themselves.
@Suite("Clock ticks fire each due timeout once, the same after a restore")
struct RoleEngineTickTests {
    static let partitions: Int32 = 12
    static let counts = Dictionary(uniqueKeysWithValues: SchedulerContract.inputTopics.map { ($0, partitions) })
    static let codec = CloudEventCodec()
    static let start: Int64 = 1_700_000_000_000

    static func engine() -> RoleEngine {
        RoleEngine(role: .scheduler, logics: [SchedulerLogic()], partitionCounts: counts, consumerName: "tick-test")
    }

    /// 40 servers each asked for a maintenance: the scheduler starts it and waits, with a timeout.
    static func requested(_ engine: inout RoleEngine) -> [OutgoingRecord] {
        var offsets: [Int32: Int64] = [:]
        return (0..<40).flatMap { index -> [OutgoingRecord] in
            let key = "server-\(index)"
            let partition = Partitioner.partition(of: key, count: partitions)
            let event = OutgoingEvent(EventName.maintenanceRequested, key: key, ["namespace": "ops", "name": .string("m\(index)"), "type": "BIOSUpdate"])
            let message = codec.encode(event.cloudEvent(id: "req-\(index)", source: "/tests", time: start + Int64(index)), key: key)
            let offset = offsets[partition, default: 0]
            offsets[partition] = offset + 1
            return engine.process(message, topic: TopicName.maintenanceRequests, partition: partition, offset: offset, timestamp: 0)
        }
    }

    /// One tick of `role` on every partition at `time`; tick offsets continue from `sequence`.
    static func tick(_ engine: inout RoleEngine, at time: Int64, sequence: Int64, of role: Role = .scheduler) -> [OutgoingRecord] {
        (0..<partitions).flatMap { partition -> [OutgoingRecord] in
            let event = OutgoingEvent(EventName.clockTick, key: "p\(partition)")
            let message = codec.encode(
                event.cloudEvent(id: "tick-\(sequence)-\(partition)", source: role.source, time: time), key: "p\(partition)")
            return engine.process(message, topic: TopicName.ticks, partition: partition, offset: sequence, timestamp: 0)
        }
    }

    static func keys(_ records: [OutgoingRecord]) -> [String] {
        records.compactMap { $0.message.key.map { String(decoding: $0, as: UTF8.self) } }
    }

    @Test("no tick fires before a deadline; one after it fires every waiting server's timeout once")
    func firesOnce() throws {
        var engine = Self.engine()
        #expect(!Self.requested(&engine).isEmpty)
        #expect(Self.tick(&engine, at: Self.start + 60_000, sequence: 0).isEmpty)
        let late = Self.start + 48 * 3_600_000
        let fired = Self.tick(&engine, at: late, sequence: 1)
        #expect(Set(Self.keys(fired)) == Set((0..<40).map { "server-\($0)" }))
        // The timeouts moved every state on (a retry or a failure, with a new deadline, if any, after `late`).
        #expect(Self.tick(&engine, at: late, sequence: 2).isEmpty)
    }

    @Test("an engine restored from the changelog fires the same timeouts, byte for byte")
    func sameAfterRestore() throws {
        var original = Self.engine()
        _ = Self.requested(&original)
        let changelog = try original.takeChangelog()
        var restored = Self.engine()
        for record in changelog {
            try restored.restore(changelog: record.topic, partition: record.partition ?? -1, key: record.message.key, value: record.message.value)
        }
        let late = Self.start + 48 * 3_600_000
        let expected = Self.tick(&original, at: late, sequence: 1)
        #expect(!expected.isEmpty)
        #expect(Self.tick(&restored, at: late, sequence: 1) == expected)
        #expect(try restored.takeChangelog() == original.takeChangelog())
    }

    @Test("a revoked partition's deadlines go with it")
    func dropForgetsDeadlines() {
        var engine = Self.engine()
        _ = Self.requested(&engine)
        for partition in 0..<Self.partitions { engine.drop(topic: TopicName.maintenanceRequests, partition: partition) }
        #expect(Self.tick(&engine, at: Self.start + 48 * 3_600_000, sequence: 1).isEmpty)
    }

    @Test("what a failed restore read is forgotten by changelog partition: no state, no deadline left")
    func dropRestoredChangelog() throws {
        var original = Self.engine()
        _ = Self.requested(&original)
        var restored = Self.engine()
        for record in try original.takeChangelog() {
            try restored.restore(changelog: record.topic, partition: record.partition ?? -1, key: record.message.key, value: record.message.value)
        }
        #expect((0..<Self.partitions).map { restored.stateCount(topic: TopicName.maintenanceRequests, partition: $0) }.reduce(0, +) == 40)
        for partition in 0..<Self.partitions { restored.drop(changelog: TopicName.changelog(of: .scheduler), partition: partition) }
        #expect((0..<Self.partitions).map { restored.stateCount(topic: TopicName.maintenanceRequests, partition: $0) }.reduce(0, +) == 0)
        #expect(Self.tick(&restored, at: Self.start + 48 * 3_600_000, sequence: 1).isEmpty)
    }

    @Test("another role's ticks on the shared topic do not move this role's clock")
    func foreignTicksIgnored() {
        var engine = Self.engine()
        _ = Self.requested(&engine)
        let late = Self.start + 48 * 3_600_000
        #expect(Self.tick(&engine, at: late, sequence: 0, of: .update).isEmpty)
        // Had the update role's tick counted, the scheduler's own earlier tick would fire every timeout.
        #expect(Self.tick(&engine, at: Self.start + 60_000, sequence: 1).isEmpty)
        #expect(!Self.tick(&engine, at: late, sequence: 2).isEmpty)
    }

    @Test("each logic keeps its own stream time: cluster-keyed rollout events do not move the server partition with the same number")
    func streamTimePerLogic() throws {
        var engine = RoleEngine(
            role: .update, logics: [UpdateLogic(), RolloutLogic()],
            partitionCounts: [TopicName.serverLifecycle: Self.partitions, TopicName.serverTransitions: Self.partitions, TopicName.clusterRollouts: 6],
            consumerName: "tick-test")
        let server = "server-1"
        let partition = Partitioner.partition(of: server, count: Self.partitions)
        let cluster = (0..<1000).map { "cluster-\($0)" }.first { Partitioner.partition(of: $0, count: 6) == partition }!
        func send(_ event: OutgoingEvent, _ topic: String, time: Int64, offset: Int64) -> [OutgoingRecord] {
            let message = Self.codec.encode(event.cloudEvent(id: "e-\(topic)-\(offset)", source: "/tests", time: time), key: event.key)
            return engine.process(message, topic: topic, partition: partition, offset: offset, timestamp: 0)
        }
        _ = send(OutgoingEvent(EventName.updateAvailable, key: server), TopicName.serverLifecycle, time: Self.start, offset: 0)
        let granted = send(
            OutgoingEvent(EventName.rolloutSlotRequested, key: cluster, ["member": .string(server)]), TopicName.clusterRollouts,
            time: Self.start + 3_600_000, offset: 0)
        #expect(granted.count == 1, "the rollout applied the request")
        _ = send(OutgoingEvent(EventName.updateAvailable, key: server), TopicName.serverLifecycle, time: Self.start + 1, offset: 1)
        var times: [String: Int64] = [:]
        for record in try engine.takeChangelog() where record.message.key == Array(RoleEngine.checkpointKey.utf8) {
            times[record.topic] = try JSONParser().parse(record.message.value)["streamTime"]?.intValue
        }
        #expect(times == [TopicName.changelog(of: .update): Self.start + 1, TopicName.rolloutState: Self.start + 3_600_000])
    }
}
