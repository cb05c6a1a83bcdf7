import Events

/// Puts a role's inputs in one order, per partition: the order of the role's input log.
///
/// A role's input for one server arrives on several topics, and time passes besides.
/// The sequencer reads partition p of each of the role's external input topics and
/// appends every event, with its source position, to partition p of the role's own
/// input topic (`<role>.input`); the role's state machines consume only that topic,
/// so the order of the first run is the order of every replay, by construction. Ticks
/// (the sequencer's wall clock) are appended to the same log, and every record carries
/// the time it was appended: a role's clock is its own, never a producer's `ce_time`.
///
/// Between topics it chooses by event time (the Kafka record timestamp), after it has
/// read what the other topics of the partition already hold: a source with unread
/// messages (its position behind the high watermark of its last fetch) holds the
/// others back, for at most `maxIdle` (Kafka Streams' `max.task.idle.ms`, KIP-353).
/// For the same reason a tick is appended only when nothing known is unread, or the
/// wait ran out: time does not overtake reports already on their way.
///
/// Events of a type the role does not take (other roles' inputs, outputs, its own among
/// them) are passed over: never appended, so a role does not fold what it wrote itself.
/// That rests on the record alone, so every replay passes over the same ones. Its own
/// such outputs, where they landed, are passed over before they are read back
/// (`delivered`): a source the role writes to does not hold its other sources back while
/// the role reads its own records.
///
/// Pure: the runner feeds it what it fetched and the time, and carries out the appends
/// it returns. swift-nio style: mutating methods return what to do.
public struct Sequencer: Sendable {
    /// Timing of the sequencer.
    public struct Settings: Sendable, Hashable {
        /// How often each partition gets a tick, in milliseconds.
        public var tickInterval: Int64
        /// The longest a source with unread messages holds the others (and the ticks) back, in milliseconds.
        public var maxIdle: Int64

        public init(tickInterval: Int64 = 1_000, maxIdle: Int64 = 10_000) {
            self.tickInterval = tickInterval
            self.maxIdle = maxIdle
        }
    }

    /// A message read from a source, waiting for its turn.
    struct Pending: Sendable {
        let offset: Int64
        let timestamp: Int64
        let message: EventMessage
    }

    /// One partition number: its owned sources' unappended messages and positions.
    struct Partition: Sendable {
        /// The source topics whose partition of this number the instance owns (with a
        /// cluster-keyed topic of fewer partitions, another instance may own it).
        var owned: Set<String> = []
        /// Per source topic, the messages read and not appended, oldest first.
        var buffers: [String: [Pending]] = [:]
        /// Per source topic, the next offset to read (nil: not known yet).
        var positions: [String: Int64] = [:]
        /// Per source topic, offsets beyond the position where the instance's own records of
        /// types it passes over landed: reading goes on past them without them.
        var ownAhead: [String: Set<Int64>] = [:]
        /// When the partition was first seen waiting for a source with unread messages.
        var waitingSince: Int64?
        /// When its last tick was appended.
        var lastTick: Int64
        /// The time of the last record appended: times in the log never go back.
        var lastTime: Int64 = 0
        /// Whether a source position moved since `takeCommitPositions()`.
        var moved = false
    }

    /// A record to append to partition `partition` of the role's input topic.
    public struct Append: Sendable {
        public var partition: Int32
        public var message: EventMessage
        /// The source topic and offset it copies; nil for a tick.
        public var source: (topic: String, offset: Int64)?
    }

    /// The most own records known per source partition beyond its position; beyond that
    /// they are read back like any record.
    static let ownLimit = 10_000

    /// The role's external input topics, in a fixed order (ties in time go by it).
    public let sourceTopics: [String]
    /// Per source topic, the event types (`ce_type`) the role does not take.
    public let passedTypes: [String: Set<String>]
    /// The sources whose partitions get ticks (the server-keyed ones: their states take ticks).
    public let tickedTopics: Set<String>
    public let settings: Settings
    var partitions: [Int32: Partition] = [:]
    /// How many times a partition went ahead without a source that still had unread messages.
    public private(set) var idleExpirations = 0

    public init(sourceTopics: [String], tickedTopics: Set<String>, passedTypes: [String: Set<String>] = [:], settings: Settings) {
        self.sourceTopics = sourceTopics.sorted()
        self.passedTypes = passedTypes
        self.tickedTopics = tickedTopics
        self.settings = settings
    }

    /// The partitions the sequencer owns.
    public var ownedPartitions: [Int32] { partitions.keys.sorted() }

    /// How many read messages wait to be appended.
    public var pendingCount: Int { partitions.values.reduce(0) { $0 + $1.buffers.values.reduce(0) { $0 + $1.count } } }

    /// Partition `partition` of `topic` was assigned; its reading starts at `position` when known.
    public mutating func assigned(topic: String, partition: Int32, position: Int64?, at now: Int64) {
        partitions[partition, default: Partition(lastTick: now)].owned.insert(topic)
        if let position { partitions[partition]!.positions[topic] = position }
    }

    /// Partition `partition` of `topic` was revoked: what was read and not appended is read
    /// again by its next owner.
    public mutating func revoked(topic: String, partition: Int32) {
        guard var group = partitions[partition] else { return }
        group.owned.remove(topic)
        group.buffers[topic] = nil
        group.positions[topic] = nil
        group.ownAhead[topic] = nil
        partitions[partition] = group.owned.isEmpty ? nil : group
    }

    /// Whether an event of `type` read from `topic` goes to the log (a message without a
    /// type, or of a type the catalogue does not place on `topic`, does: the fold dead-letters it).
    public func takes(topic: String, type: String?) -> Bool {
        guard let type, let passed = passedTypes[topic] else { return true }
        return !passed.contains(type)
    }

    /// A message read from `topic` at `offset` of `partition`, with its Kafka timestamp.
    /// One the role does not take (`takes(topic:type:)`) is passed over.
    public mutating func received(topic: String, partition: Int32, offset: Int64, timestamp: Int64, message: EventMessage) {
        guard takes(topic: topic, type: message.header("ce_type")) else { return passed(topic: topic, partition: partition, offset: offset) }
        guard partitions[partition]?.owned.contains(topic) == true else { return }
        partitions[partition]!.buffers[topic, default: []].append(Pending(offset: offset, timestamp: timestamp, message: message))
        read(topic, partition, past: offset)
    }

    /// The message at `offset` of `partition` of `topic` was read and is passed over (the
    /// role does not take its type): nothing is appended, reading goes on after it.
    public mutating func passed(topic: String, partition: Int32, offset: Int64) {
        guard partitions[partition]?.owned.contains(topic) == true else { return }
        read(topic, partition, past: offset)
    }

    /// The instance's own records of types it passes over landed at `offsets` of `partition`
    /// of `topic`: reading goes on past them without waiting to read them back.
    public mutating func delivered(topic: String, partition: Int32, offsets: [Int64]) {
        guard partitions[partition]?.owned.contains(topic) == true, let position = partitions[partition]!.positions[topic] else { return }
        // Any left below the position (a gap in the log was read past) go.
        var ahead: Set<Int64> = partitions[partition]!.ownAhead.removeValue(forKey: topic)?.filter { $0 >= position } ?? []
        for offset in offsets where offset >= position && ahead.count < Self.ownLimit { ahead.insert(offset) }
        partitions[partition]!.ownAhead[topic] = ahead
        read(topic, partition, past: position - 1)
    }

    /// Moves the position of `topic` past `offset` (never back: an own record passed over
    /// before it was read back is behind it), and past the own records that follow it.
    private mutating func read(_ topic: String, _ partition: Int32, past offset: Int64) {
        var position = max(offset + 1, partitions[partition]!.positions[topic] ?? 0)
        if partitions[partition]!.ownAhead[topic]?.isEmpty == false {
            while partitions[partition]!.ownAhead[topic]!.remove(position) != nil { position += 1 }
        }
        if position != partitions[partition]!.positions[topic] { partitions[partition]!.moved = true }
        partitions[partition]!.positions[topic] = position
    }

    /// Where the reading of each source partition may be committed, for those that moved
    /// since the last call: its first message not appended yet, or after the last one read.
    public mutating func takeCommitPositions() -> [(topic: String, partition: Int32, offset: Int64)] {
        var positions: [(topic: String, partition: Int32, offset: Int64)] = []
        for (number, partition) in partitions where partition.moved {
            for topic in partition.owned.sorted() {
                guard let offset = partition.buffers[topic]?.first?.offset ?? partition.positions[topic] else { continue }
                positions.append((topic, number, offset))
            }
            partitions[number]!.moved = false
        }
        return positions
    }

    /// What can be appended at wall-clock time `now`, in order: messages whose turn has
    /// come, then a tick where one is due. `highWatermark` tells where a source's log
    /// ended at its last fetch (nil: not known). `tickReaches`, asked at most once per tick
    /// interval of a partition, tells whether a tick at `now` would reach any state of it
    /// (a deadline has come): a tick that reaches none is not appended, so a role at rest
    /// appends nothing (the interval starts again all the same).
    public mutating func drain(
        at now: Int64, highWatermark: (String, Int32) -> Int64?, tickReaches: (Int32) -> Bool = { _ in true }
    ) -> [Append] {
        var appends: [Append] = []
        for number in partitions.keys.sorted() {
            // Taken out while it changes, so that its buffers are not copied on write.
            var partition = partitions.removeValue(forKey: number)!
            // A source with nothing buffered holds the others back while it has unread messages.
            let lagging = sourceTopics.filter { partition.owned.contains($0) }.filter { topic in
                guard partition.buffers[topic]?.isEmpty ?? true else { return false }
                guard let high = highWatermark(topic, number) else { return true }
                return (partition.positions[topic] ?? 0) < high
            }
            var free = lagging.isEmpty
            if !free {
                let since = partition.waitingSince ?? now
                partition.waitingSince = since
                if now - since >= settings.maxIdle {
                    free = true
                    idleExpirations += 1
                }
            } else {
                partition.waitingSince = nil
            }
            // Messages in event-time order while every source has one, or nothing unread holds
            // them back. `taken` counts, per source, the heads appended; they leave the buffers
            // at once afterwards (removing the first of an array one by one costs its length each time).
            var taken: [String: Int] = [:]
            while let topic = next(in: partition, taken: taken, free: free) {
                let index = taken[topic, default: 0]
                let pending = partition.buffers[topic]![index]
                taken[topic] = index + 1
                let time = stamp(&partition, now)
                appends.append(Append(
                    partition: number, message: RoleLog.copy(pending.message, topic: topic, partition: number, offset: pending.offset, time: time),
                    source: (topic, pending.offset)))
            }
            for (topic, count) in taken { partition.buffers[topic]!.removeFirst(count) }
            if !taken.isEmpty { partition.moved = true }
            if free, !partition.owned.isDisjoint(with: tickedTopics), now - partition.lastTick >= settings.tickInterval {
                partition.lastTick = now
                if tickReaches(number) {
                    appends.append(Append(partition: number, message: RoleLog.tick(time: stamp(&partition, now)), source: nil))
                }
            }
            partitions[number] = partition
        }
        return appends
    }

    /// The source whose head goes next: the earliest in event time, once every source has
    /// a head or (`free`) nothing unread holds the others back. A source's head is its
    /// buffered message after the `taken` ones.
    private func next(in partition: Partition, taken: [String: Int], free: Bool) -> String? {
        var best: (topic: String, timestamp: Int64)?
        for topic in sourceTopics where partition.owned.contains(topic) {
            let buffer = partition.buffers[topic] ?? []
            let index = taken[topic, default: 0]
            guard index < buffer.count else {
                if !free { return nil }
                continue
            }
            let head = buffer[index]
            if best == nil || head.timestamp < best!.timestamp { best = (topic, head.timestamp) }
        }
        return best?.topic
    }

    /// The time of the next record: the wall clock, never before the last one.
    private func stamp(_ partition: inout Partition, _ now: Int64) -> Int64 {
        partition.lastTime = max(partition.lastTime, now)
        return partition.lastTime
    }
}
