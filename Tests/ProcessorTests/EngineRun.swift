import Contracts
import Events
import Foundation
import Lifecycle
import Processor

/// Drives a `RoleEngine` with a list of inputs, as the runner would (offsets per
/// partition, a changelog write after every input), and keeps what came out.
struct EngineRun {
    var engine: RoleEngine
    /// What each input produced, in input order.
    var outputs: [[OutgoingRecord]] = []
    /// The last changelog value of every state key, per changelog topic and partition,
    /// with its JSON keys sorted (the changelog does not promise an order).
    var states: [String: [Int32: [String: [UInt8]]]] = [:]
    /// The stream time of every changelog partition's last checkpoint.
    var streamTimes: [String: [Int32: Int64]] = [:]
    private var offsets: [String: [Int32: Int64]] = [:]
    private var log = RoleLogWriter()

    init(role: Role) {
        let logics: [any RoleLogic] =
            switch role {
            case .scheduler: [SchedulerLogic()]
            case .power: [PowerLogic()]
            case .update: [UpdateLogic(), RolloutLogic()]
            }
        let topics = Set(logics.flatMap(\.inputTopics))
        let counts = Dictionary(uniqueKeysWithValues: topics.map { ($0, WireInput.partitionCount) })
        engine = RoleEngine(role: role, logics: logics, partitionCounts: counts, consumerName: "reliability-\(role.rawValue)")
    }

    /// Processes `inputs` in order, appended to the role's log at one time (the role's
    /// clock does not move: runs with and without extra inputs compare byte for byte).
    mutating func run(_ inputs: [WireInput]) throws {
        for input in inputs {
            let partition = input.consumedPartition
            let offset = offsets[input.topic, default: [:]][partition, default: 0]
            offsets[input.topic, default: [:]][partition] = offset + 1
            outputs.append(log.fold(&engine, input.message, topic: input.topic, partition: partition, offset: offset, time: 1_000))
            for record in try engine.takeChangelog() {
                guard let partition = record.partition, let key = record.message.key else { continue }
                let name = String(decoding: key, as: UTF8.self)
                if name == RoleEngine.checkpointKey {
                    let checkpoint = try? JSONParser().parse(record.message.value)
                    streamTimes[record.topic, default: [:]][partition] = checkpoint?["time"]?.intValue
                } else {
                    states[record.topic, default: [:]][partition, default: [:]][name] = Self.sorted(record.message.value)
                }
            }
        }
    }

    private static func sorted(_ json: [UInt8]) -> [UInt8] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json)),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        else { return json }
        return Array(data)
    }

    /// The outputs that are neither dead letters nor rejections, in order.
    var effects: [OutgoingRecord] {
        outputs.flatMap { $0 }.filter { $0.topic != TopicName.deadLetter && $0.message.header("ce_type") != EventName.transitionRejected }
    }
}
