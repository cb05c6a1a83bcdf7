import Contracts
import Events
import FleetStatus
import Kafka
import Lifecycle
import Logging
import Processor

/// Reads the compacted state topics (`scheduler.state`, `power.state`, `update.state`,
/// `rollout.state`) from their beginning to their high watermarks, outside any group,
/// the newest record of each key winning as a restore takes it (by the log offset it reflects,
/// `mtd-offset`: an expelled owner's late write of an older state does not win): the states as
/// the service last wrote them, for `maintenanced get --from-changelog`. With a server id it also reads that server's
/// partition of `server.transitions` for its recent transitions.
struct ChangelogSnapshot {
    let configuration: KafkaConfiguration
    /// Partition counts by topic (from the declarations); missing ones take the shipped counts.
    let partitionCounts: [String: Int32]
    let logger: Logger

    static let shippedCounts: [String: Int32] = [
        "scheduler.state": 12, "power.state": 12, "update.state": 12, "rollout.state": 6, "server.transitions": 12,
    ]

    func count(_ topic: String) -> Int32 { partitionCounts[topic] ?? Self.shippedCounts[topic] ?? 1 }

    func read(transitionsOf server: String?) async throws -> SnapshotStatusSource {
        var partitions: [KafkaTopicPartition] = []
        for kind in StatusState.allCases {
            partitions += (0..<count(kind.changelogTopic)).map { KafkaTopicPartition(topic: kind.changelogTopic, partition: $0) }
        }
        if let server {
            partitions.append(KafkaTopicPartition(topic: "server.transitions", partition: Partitioner.partition(of: server, count: count("server.transitions"))))
        }
        var latest: [String: [String: (offset: Int64?, value: [UInt8]?)]] = [:]
        var transitions: [TransitionEntry] = []
        let codec = CloudEventCodec()
        try await readAll(partitions) { message in
            guard let key = message.keyString else { return }
            if message.topic == "server.transitions" {
                guard key == server, let event = try? codec.decode(EventMessage(message)),
                    let entry = TransitionEntry(event: event, fallbackTime: message.timestampMilliseconds ?? 0)
                else { return }
                transitions.append(entry)
            } else if key != RoleEngine.checkpointKey {
                let offset = message.withHeader(RoleEngine.offsetHeader) { $0.flatMap { Int64(String(decoding: $0, as: UTF8.self)) } }
                if let held = latest[message.topic]?[key]?.offset, let offset, offset < held { return }
                latest[message.topic, default: [:]][key] = (offset, message.value)
            }
        }
        var source = SnapshotStatusSource()
        source.scheduler = decode(MaintenanceScheduler.self, latest[StatusState.scheduler.changelogTopic])
        source.power = decode(PowerController.self, latest[StatusState.power.changelogTopic])
        source.update = decode(UpdateOrchestrator.self, latest[StatusState.update.changelogTopic])
        source.rollout = decode(ClusterRollout.self, latest[StatusState.rollout.changelogTopic])
        if let server {
            var seen: Set<String> = []
            source.transitionsByServer[server] = Array(transitions.filter { seen.insert($0.id).inserted }.suffix(20))
        }
        return source
    }

    /// Each key's newest state, read as a restore reads it (the changelog codec, with what it makes of values
    /// older builds wrote); a tombstone or a value it cannot read leaves the key out.
    private func decode<State: ChangelogState>(_ type: State.Type, _ records: [String: (offset: Int64?, value: [UInt8]?)]?) -> [String: State] {
        var states: [String: State] = [:]
        for (key, record) in records ?? [:] {
            guard let value = record.value, !value.isEmpty, let state = try? State(changelogValue: value) else { continue }
            states[key] = state
        }
        return states
    }

    /// Calls `apply` with every record of `partitions` up to the high watermark each had when asked.
    private func readAll(_ partitions: [KafkaTopicPartition], _ apply: (KafkaMessage) -> Void) async throws {
        var configuration = configuration
        configuration["group.id"] = nil
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        var remaining: [KafkaTopicPartition: Int64] = [:]
        var assignment: [KafkaPartitionOffset] = []
        for partition in partitions {
            let marks = try await consumer.watermarks(of: partition)
            guard marks.high > marks.low else { continue }
            remaining[partition] = marks.high
            assignment.append(KafkaPartitionOffset(partition, .beginning))
        }
        try await consumer.closing {
            guard !assignment.isEmpty else { return }
            try consumer.assign(assignment)
            let deadline = ContinuousClock.now + .seconds(120)
            while !remaining.isEmpty {
                guard ContinuousClock.now < deadline else { throw ChangelogSnapshotError.incomplete(remaining.keys.map(\.description).sorted()) }
                let batch = try await consumer.nextBatch(maxMessages: 10_000, timeout: .milliseconds(200))
                for message in batch {
                    let partition = message.topicPartition
                    guard let high = remaining[partition], message.offset < high else { continue }
                    apply(message)
                    if message.offset + 1 >= high { remaining[partition] = nil }
                }
            }
        }
    }
}
