import Contracts
import Events
import Foundation
import Lifecycle

/// The Kafka-free heart of a role's runtime: it takes consumed messages in order
/// and gives the records to produce — output events with ids derived from their
/// input, `transition.rejected` answers, dead letters — and, per batch, the
/// changelog records (changed states and the input checkpoint) that make a replay
/// after a crash apply nothing twice.
///
/// Time is the stream time of each partition of a logic: the largest event time seen
/// on the partition's input topics, ticks included. Each logic keeps its own: the
/// rollout's cluster-keyed partitions share numbers with the server-keyed ones but not
/// their events. A tick is applied in the place among the other inputs it recorded when
/// written (`TickOrder`), so replaying the same log decides every timeout the same way.
public struct RoleEngine: Sendable {
    /// The role this engine runs.
    public let role: Role
    var slots: [any StateSlot]
    /// Which slot takes each input topic.
    let slotOfTopic: [String: Int]
    /// Partition counts of the keyed input topics, to check each key's partition.
    let partitionCounts: [String: Int32]
    let codec: CloudEventCodec
    /// The consumer name written into dead letters.
    let consumerName: String
    /// Per slot, per partition: the largest event time seen.
    var streamTime: [Int: [Int32: Int64]] = [:]
    /// Per (topic, partition): the next offset whose effects are not yet in the changelog.
    var checkpoints: [String: [Int32: Int64]] = [:]
    /// Partitions whose checkpoint moved since the last changelog write, per slot.
    var checkpointChanged: [Int: Set<Int32>] = [:]
    /// Per partition of the ticked logics, the messages waiting for a clock tick (see `TickOrder`).
    var orders: [Int32: TickOrder] = [:]

    /// The key of the checkpoint record in each changelog partition.
    public static let checkpointKey = "\u{0}checkpoint"

    /// An engine for `logics`, which must all belong to one role.
    public init(role: Role, logics: [any RoleLogic], partitionCounts: [String: Int32], consumerName: String, maxValueBytes: Int = 1 << 20) {
        self.role = role
        self.slots = logics.map { Self.slot(for: $0) }
        var slotOfTopic: [String: Int] = [:]
        for (index, logic) in logics.enumerated() {
            for topic in logic.inputTopics { slotOfTopic[topic] = index }
            if logic.takesTicks { slotOfTopic[TopicName.ticks] = slotOfTopic[TopicName.ticks] ?? index }
        }
        self.slotOfTopic = slotOfTopic
        self.partitionCounts = partitionCounts
        self.codec = CloudEventCodec(maxValueBytes: maxValueBytes)
        self.consumerName = consumerName
    }

    private static func slot<Logic: RoleLogic>(for logic: Logic) -> any StateSlot { Slot(logic) }

    /// Every topic the role consumes.
    public var inputTopics: [String] { slotOfTopic.keys.sorted() }

    /// The input topics (ticks aside) of the logics that take ticks: a tick on partition p
    /// should not run ahead of their partition p.
    public var tickedTopics: [String] {
        slotOfTopic.filter { $0.key != TopicName.ticks && slots[$0.value].takesTicks }.keys.sorted()
    }

    /// The changelog topic that holds the state of `topic`'s partitions.
    public func changelogTopic(for topic: String) -> String? {
        slotOfTopic[topic].map { slots[$0].changelogTopic }
    }

    /// The changelog topics of the role.
    public var changelogTopics: [String] { slots.map(\.changelogTopic) }

    /// How many keys the role holds in `partition` of `topic`'s slot.
    public func stateCount(topic: String, partition: Int32) -> Int {
        slotOfTopic[topic].map { slots[$0].count(partition: partition) } ?? 0
    }

    // MARK: Processing

    /// Processes one consumed message and returns what to produce: for it, and for the
    /// messages it lets through. A message that must wait for a clock tick (see `TickOrder`)
    /// is held and applied, in order, once the tick is; its checkpoint waits with it.
    public mutating func process(
        _ message: EventMessage, topic: String, partition: Int32, offset: Int64, timestamp: Int64
    ) -> [OutgoingRecord] {
        guard let slotIndex = slotOfTopic[topic] else { return [] }
        if let checkpoint = checkpoints[topic]?[partition], offset < checkpoint {
            return []  // already applied: its effects are in the restored state, its outputs were sent
        }
        guard slots[slotIndex].takesTicks else {
            return apply(message, slot: slotIndex, topic: topic, partition: partition, offset: offset, timestamp: timestamp)
        }
        if topic != TopicName.ticks, orders[partition]?.isIdle ?? true {
            return apply(message, slot: slotIndex, topic: topic, partition: partition, offset: offset, timestamp: timestamp)
        }
        var order = orders.removeValue(forKey: partition) ?? TickOrder(ticks: TopicName.ticks)
        var input = TickOrder.Input(topic: topic, offset: offset, timestamp: timestamp, message: message)
        if topic == TopicName.ticks, let tick = ownTick(message) {
            input.positions = tick.positions
            order.received(tick: tick.id)
        }
        order.hold(input)
        var records: [OutgoingRecord] = []
        while let next = order.next(applied: { checkpoints[$0]?[partition] }) {
            guard let slot = slotOfTopic[next.topic] else { continue }
            records += apply(next.message, slot: slot, topic: next.topic, partition: partition, offset: next.offset, timestamp: next.timestamp)
        }
        if !order.isIdle { orders[partition] = order }
        return records
    }

    /// The id and the recorded place of a tick of this role (nil: not one, or one without a place).
    private func ownTick(_ message: EventMessage) -> (id: String, positions: [String: Int64]?)? {
        guard let event = try? codec.decode(message), event.type == EventName.clockTick, Role(source: event.source) == role else { return nil }
        guard let items = event.data?["positions"]?.arrayValue else { return (event.id, nil) }
        var positions: [String: Int64] = [:]
        for item in items {
            guard let topic = item["topic"]?.stringValue, let offset = item["offset"]?.intValue else { return (event.id, nil) }
            positions[topic] = offset
        }
        return (event.id, positions)
    }

    /// Applies one message in its turn: decodes, routes and steps it, and moves its checkpoint.
    private mutating func apply(
        _ message: EventMessage, slot slotIndex: Int, topic: String, partition: Int32, offset: Int64, timestamp: Int64
    ) -> [OutgoingRecord] {
        defer {
            checkpoints[topic, default: [:]][partition] = offset + 1
            checkpointChanged[slotIndex, default: []].insert(partition)
        }
        let origin = DeadLetter.Origin(topic: topic, partition: partition, offset: offset, consumer: consumerName)
        let inbound: InboundEvent
        do {
            let event = try codec.decode(message)
            inbound = try InboundEvent(event: event, topic: topic, key: message.key)
        } catch {
            return [deadLetter(message, reason: error.reason, error: error.description, origin: origin, time: timestamp)]
        }
        if inbound.entry.key != .partition, let count = partitionCounts[topic],
            Partitioner.partition(of: inbound.key, count: count) != partition
        {
            let error = "key '\(inbound.key)' belongs on partition \(Partitioner.partition(of: inbound.key, count: count)) of \(topic) "
                + "(Kafka's murmur2 partitioner), not on \(partition): produce with partitioner=murmur2_random"
            return [deadLetter(message, reason: "wrong-partition", error: error, origin: origin, time: timestamp)]
        }
        // Outputs take their ids from the input's log position: unique to each input record
        // (a second copy of an event, same ce_id, gets answers of its own) and the same on replay.
        let position = "\(topic)/\(partition)/\(offset)"
        if inbound.entry.type == EventName.clockTick {
            // Another role's ticks share the topic; they are not this role's clock (an instance of
            // that role may be ahead of this one's backlog on the partition).
            guard Role(source: inbound.event.source) == role else { return [] }
            let now = advance(slotIndex, partition, to: inbound.event.time ?? timestamp)
            return tick(partition: partition, position: position, at: now)
        }
        let now = advance(slotIndex, partition, to: inbound.event.time ?? timestamp)
        let outcome: StepOutcome
        do {
            outcome = try slots[slotIndex].step(inbound, partition: partition, at: Instant(millisecondsSinceEpoch: now))
        } catch {
            return [deadLetter(message, reason: error.reason, error: error.description, origin: origin, time: timestamp)]
        }
        switch outcome {
        case .ignored:
            return []
        case .applied(let events):
            return records(for: events, cause: position, time: now)
        case .rejected(let rejection):
            return records(for: [RejectionEvent.make(rejection, of: inbound, by: role)], cause: position, time: now)
        }
    }

    private mutating func advance(_ slot: Int, _ partition: Int32, to time: Int64) -> Int64 {
        let now = max(streamTime[slot]?[partition] ?? time, time)
        streamTime[slot, default: [:]][partition] = now
        return now
    }

    private mutating func tick(partition: Int32, position: String, at now: Int64) -> [OutgoingRecord] {
        var records: [OutgoingRecord] = []
        for index in slots.indices where slots[index].takesTicks {
            for (key, events) in slots[index].tick(partition: partition, at: Instant(millisecondsSinceEpoch: now)) {
                records += self.records(for: events, cause: position + "/" + key, time: now)
            }
        }
        return records
    }

    private func records(for events: [OutgoingEvent], cause: String, time: Int64) -> [OutgoingRecord] {
        events.enumerated().map { index, event in
            let id = EventID.derive(from: cause, role: role.rawValue, index: index)
            let message = codec.encode(event.cloudEvent(id: id, source: role.source, time: time), key: event.key)
            return OutgoingRecord(topic: event.topic, partition: nil, message: message)
        }
    }

    private func deadLetter(_ message: EventMessage, reason: String, error: String, origin: DeadLetter.Origin, time: Int64) -> OutgoingRecord {
        OutgoingRecord(
            topic: TopicName.deadLetter, partition: nil,
            message: DeadLetter.message(for: message, reason: reason, error: error, origin: origin, at: time))
    }

    // MARK: Changelog

    /// The changelog records of everything that changed since the last call: the
    /// changed states, and per partition the checkpoint of the inputs they include.
    /// Throws `StateEncodingError` if a state cannot be encoded (the instance must stop:
    /// its outputs are sent, and a changelog without that state would be behind them).
    public mutating func takeChangelog() throws(StateEncodingError) -> [OutgoingRecord] {
        var records: [OutgoingRecord] = []
        for index in slots.indices {
            let topic = slots[index].changelogTopic
            for partition in (checkpointChanged.removeValue(forKey: index) ?? []).sorted() {
                for change in try slots[index].takeChanges(partition: partition) {
                    records.append(OutgoingRecord(topic: topic, partition: partition, message: EventMessage(key: Array(change.key.utf8), value: change.value, headers: [])))
                }
                records.append(OutgoingRecord(topic: topic, partition: partition, message: checkpointMessage(slot: index, partition: partition)))
            }
        }
        return records
    }

    private func checkpointMessage(slot: Int, partition: Int32) -> EventMessage {
        var offsets = JSONObject()
        for (topic, index) in slotOfTopic.sorted(by: { $0.key < $1.key }) where index == slot {
            if let offset = checkpoints[topic]?[partition] { offsets[topic] = .int(offset) }
        }
        var value: JSONObject = ["offsets": .object(offsets)]
        if let time = streamTime[slot]?[partition] { value["streamTime"] = .int(time) }
        return EventMessage(key: Array(Self.checkpointKey.utf8), value: JSONWriter.bytes(.object(value)), headers: [])
    }

    /// Applies one changelog record read back on assignment (the last record of a key wins).
    public mutating func restore(changelog topic: String, partition: Int32, key: [UInt8]?, value: [UInt8]?) throws {
        guard let slot = slots.firstIndex(where: { $0.changelogTopic == topic }), let key, let value else { return }
        let text = String(decoding: key, as: UTF8.self)
        if text == Self.checkpointKey {
            let document = try JSONParser().parse(value)
            for member in document["offsets"]?.objectValue?.members ?? [] {
                if let offset = member.value.intValue { checkpoints[member.key, default: [:]][partition] = offset }
            }
            if let time = document["streamTime"]?.intValue { streamTime[slot, default: [:]][partition] = max(streamTime[slot]?[partition] ?? time, time) }
        } else {
            try slots[slot].restore(partition: partition, key: text, value: value)
        }
    }

    /// Forgets the state of `partition` of `topic`'s slot (revoked: another instance owns it now).
    public mutating func drop(topic: String, partition: Int32) {
        guard let slot = slotOfTopic[topic] else { return }
        drop(slot: slot, partition: partition)
    }

    /// Forgets what was read back from `partition` of changelog `topic` (a restore that failed part way).
    public mutating func drop(changelog topic: String, partition: Int32) {
        guard let slot = slots.firstIndex(where: { $0.changelogTopic == topic }) else { return }
        drop(slot: slot, partition: partition)
    }

    private mutating func drop(slot: Int, partition: Int32) {
        slots[slot].drop(partition: partition)
        if slots[slot].takesTicks { orders[partition] = nil }
        for (other, index) in slotOfTopic where index == slot { checkpoints[other]?[partition] = nil }
        checkpointChanged[slot]?.remove(partition)
        streamTime[slot]?[partition] = nil
    }
}
