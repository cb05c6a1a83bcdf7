import Contracts
import Events
import Lifecycle
import Processor

/// A whole fleet run offline, to generate realistic, valid input for the roles.
///
/// The three role engines (Kafka-free) run side by side; every event goes to each
/// engine that consumes its topic, every output that is another role's input goes
/// on, and every request to a downstream operator is answered by `OperatorResponder`
/// as a working operator would. Servers take turns, one event each per round, so the
/// topics' logs interleave the servers like a real fleet's. Each server registers,
/// is configured, reports power and heartbeats, a third are claimed, half join an
/// Incus cluster, and each gets two maintenances (a BIOS update at priority 10 with a
/// boot configuration, then a cleanup) and an OS update — all carried through to the end.
public struct FleetSimulation: Sendable {
    /// Every event, in the order it was written to its topic.
    public private(set) var records: [InputRecord] = []
    /// Per role: inputs answered with `transition.rejected`.
    public private(set) var rejections: [Role: Int] = [:]
    /// Inputs that went to the dead-letter topic (a broken generator: should be 0).
    public private(set) var deadLetters = 0
    /// Per role: the last changelog value of each key, for restore benchmarks.
    public private(set) var states: [Role: [String: [UInt8]]] = [:]
    /// The rounds it took until every server was idle.
    public private(set) var rounds = 0

    /// The topics each role consumes (without the ticks).
    public static func inputTopics(of role: Role) -> [String] {
        makeEngine(role, partitions: 1).sourceTopics
    }

    /// A role's engine with default settings, for `partitions` partitions on every topic.
    public static func makeEngine(_ role: Role, partitions: Int32, consumer: String = "benchmark") -> RoleEngine {
        let logics: [any RoleLogic] = switch role {
        case .scheduler: [SchedulerLogic()]
        case .power: [PowerLogic()]
        case .update: [UpdateLogic(), RolloutLogic()]
        }
        let topics = Role.allCases.flatMap { logicTopics($0) } + [TopicName.clusterRollouts]
        let counts = Dictionary(topics.map { ($0, partitions) }, uniquingKeysWith: { first, _ in first })
        return RoleEngine(role: role, logics: logics, partitionCounts: counts, consumerName: consumer)
    }

    private static func logicTopics(_ role: Role) -> [String] {
        switch role {
        case .scheduler: SchedulerContract.inputTopics
        case .power: PowerContract.inputTopics
        case .update: UpdateContract.inputTopics
        }
    }

    /// The generated input of `role`: every event on the topics it consumes, in order.
    public func input(of role: Role) -> [InputRecord] {
        let topics = Set(Self.inputTopics(of: role))
        return records.filter { topics.contains($0.topic) }
    }

    /// Simulates `servers` servers named `<prefix><i>` on `partitions` partitions; event times start at `startTime` (ms).
    public init(servers: Int, partitions: Int32, prefix: String = "server-", startTime: Int64, maxRounds: Int = 1000) throws(StateEncodingError) {
        var engines = Role.allCases.map { Self.makeEngine($0, partitions: partitions) }
        let consumers = engines.map { Set($0.sourceTopics) }
        // Each engine folds its role's log: the records in the order they come here.
        var logOffsets = Array(repeating: [Int32: Int64](), count: engines.count)
        let codec = CloudEventCodec()
        var offsets: [String: [Int32: Int64]] = [:]
        var queues: [[InputRecord]] = Array(repeating: [], count: servers)
        var heads = Array(repeating: 0, count: servers)
        var stimulus = 0
        func external(_ event: OutgoingEvent, server: Int, time: Int64) -> InputRecord {
            stimulus += 1
            let cloudEvent = event.cloudEvent(id: "\(prefix)\(server)-e\(stimulus)", source: "/benchmark/fleet", time: time)
            return InputRecord(topic: event.topic, key: event.key, message: codec.encode(cloudEvent, key: event.key))
        }
        for server in 0..<servers {
            let key = "\(prefix)\(server)"
            var script: [OutgoingEvent] = [
                OutgoingEvent(EventName.serverRegistered, key: key),
                OutgoingEvent(EventName.bmcPowerObserved, key: key, ["power": "on"]),
                OutgoingEvent(EventName.serverConfigured, key: key),
            ]
            if server % 2 == 0 { script.append(OutgoingEvent(EventName.incusClusterJoined, key: key, ["cluster": .string("\(prefix)cluster-\(server / 4)")])) }
            if server % 3 == 0 { script.append(OutgoingEvent(EventName.serverClaimed, key: key, ["owner": .string("team-\(server % 7)"), "okToMaintenance": false])) }
            script += [
                OutgoingEvent(EventName.serverHeartbeat, key: key),
                OutgoingEvent(EventName.maintenanceRequested, key: key, [
                    "namespace": "ops", "name": .string("bios-\(server)"), "type": "BIOSUpdate", "priority": 10, "bootConfiguration": "bios-2.3",
                ]),
                OutgoingEvent(EventName.maintenanceRequested, key: key, ["namespace": "ops", "name": .string("cleanup-\(server)"), "type": "Cleanup"]),
                OutgoingEvent(EventName.serverHeartbeat, key: key),
                OutgoingEvent(EventName.updateAvailable, key: key, ["version": "2026.11.2"]),
                OutgoingEvent(EventName.serverHeartbeat, key: key),
            ]
            queues[server] = script.map { external($0, server: server, time: startTime) }
        }
        var round = 0
        var active = true
        while active && round < maxRounds {
            active = false
            let time = startTime + Int64(round) * 10
            for server in 0..<servers where heads[server] < queues[server].count {
                active = true
                let record = queues[server][heads[server]]
                heads[server] += 1
                records.append(record)
                let partition = Partitioner.partition(of: record.key, count: partitions)
                let offset = offsets[record.topic, default: [:]][partition, default: 0]
                offsets[record.topic, default: [:]][partition] = offset + 1
                for index in engines.indices where consumers[index].contains(record.topic) {
                    let logOffset = logOffsets[index][partition, default: 0]
                    logOffsets[index][partition] = logOffset + 1
                    let entry = RoleLog.Record.event(topic: record.topic, partition: partition, offset: offset, message: record.message, time: time)
                    let outputs = engines[index].process(.bundle([entry]), partition: partition, offset: logOffset)
                    for output in outputs {
                        if output.topic == TopicName.deadLetter { deadLetters += 1; continue }
                        guard let event = try? codec.decode(output.message) else { continue }
                        if event.type == EventName.transitionRejected { rejections[engines[index].role, default: 0] += 1 }
                        let key = String(decoding: output.message.key ?? [], as: UTF8.self)
                        if consumers.contains(where: { $0.contains(output.topic) }) {
                            queues[server].append(InputRecord(topic: output.topic, key: key, message: output.message))
                        }
                        if output.topic == TopicName.operatorRequests {
                            for answer in OperatorResponder.answers(to: event, server: key) {
                                queues[server].append(external(answer, server: server, time: time))
                            }
                        }
                    }
                }
            }
            for index in engines.indices {
                for change in try engines[index].takeChangelog() {
                    let key = String(decoding: change.message.key ?? [], as: UTF8.self)
                    if key != RoleEngine.checkpointKey { states[engines[index].role, default: [:]][key] = change.message.value }
                }
            }
            round += 1
        }
        rounds = round
    }
}
