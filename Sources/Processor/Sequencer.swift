import Contracts
import Events

/// Puts a role's inputs in one order, per partition: the order of the role's input log.
///
/// A role's input for one server arrives on several topics, and time passes besides.
/// The sequencer reads partition p of each of the role's external input topics and
/// appends every event, with its source position, to partition p of the role's own
/// input topic (`<role>.input`); the role's state machines consume only that topic,
/// so the order of the first run is the order of every replay, by construction. Ticks
/// (the sequencer's wall clock) are appended to the same log, and every copy and tick carries
/// the time it was appended: a role's clock is its own, never a producer's `ce_time`. What
/// a round appends to a partition goes in one record, a bundle (`RoleLog.Bundle`).
///
/// Between topics it chooses by event time (the Kafka record timestamp), after it has
/// read what the other topics of the partition held when the event was read (Kafka
/// Streams' `max.task.idle.ms`, KIP-353): each poll is a round; `endsToAsk` names the
/// sources whose end offsets to ask the broker, `ended` takes the answers, and an event
/// read in round r goes ahead of a source with nothing buffered only once that source is
/// read up to an end asked in round r or later, or after `maxIdle` (counted). Ticks wait
/// the same way. Why not the high watermarks of past fetches: docs/RUNTIME.md.
///
/// Events of a type the role does not take (other roles' inputs, outputs, its own among
/// them) are passed over: never appended, so a role does not fold what it wrote itself.
/// That rests on the record alone, so every replay passes over the same ones. Its own
/// such outputs, where they landed, are passed over before they are read back
/// (`delivered`): a source the role writes to does not hold its other sources back while
/// the role reads its own records.
///
/// Pure: the runner feeds it what it fetched, the ends it was asked for and the time, and
/// carries out the asks and appends it returns. swift-nio style: mutating methods return
/// what to do.
public struct Sequencer: Sendable {
    /// Timing of the sequencer.
    public struct Settings: Sendable, Hashable {
        /// How often each partition gets a tick, in milliseconds.
        public var tickInterval: Int64
        /// The longest a source with unread messages holds the others (and the ticks) back, in milliseconds.
        public var maxIdle: Int64
        /// The most read messages a source partition keeps waiting before its fetching is
        /// paused (`takeFlowChanges()`; Kafka Streams' `buffered.records.per.partition`).
        public var bufferLimit: Int
        /// The most bytes a bundle holds before the round's next records for the partition go
        /// into another (`RoleLog.bundleLimit` by default).
        public var bundleLimit: Int

        public init(tickInterval: Int64 = 1_000, maxIdle: Int64 = 10_000, bufferLimit: Int = 1_000, bundleLimit: Int = RoleLog.bundleLimit) {
            self.tickInterval = tickInterval
            self.maxIdle = maxIdle
            self.bufferLimit = bufferLimit
            self.bundleLimit = bundleLimit
        }
    }

    /// A message read from a source, waiting for its turn; or, without a message, the
    /// source's restart at `offset` (`RoleLog.Record.restart`), ahead of what was read after it.
    struct Pending: Sendable {
        let offset: Int64
        let timestamp: Int64
        let message: EventMessage?
        /// The round (poll) it was read in.
        let round: Int64
    }

    /// A source's end offset as the broker answered it, after the reads of `round`.
    struct End: Sendable {
        let round: Int64
        let offset: Int64
    }

    /// One source partition: what was read of it and not appended, and how far it was read.
    struct Source: Sendable {
        /// Whether the instance owns it (with a cluster-keyed topic of fewer partitions,
        /// another instance may own it).
        var owned = false
        /// The messages read and not appended, oldest first.
        var buffer: [Pending] = []
        /// The next offset to read (nil: not known yet).
        var position: Int64?
        /// The offset after the last record actually read (or the assigned position), where a
        /// commit may go: never past own records skipped on their delivery reports, which
        /// under produce errors were seen to name another writer's offsets.
        var readTo: Int64?
        /// Offsets beyond the position where the instance's own records of types it passes
        /// over landed: reading goes on past them without them.
        var ownAhead: Set<Int64> = []
        /// The ends asked and still needed, oldest first (one per round).
        var ends: [End] = []
        /// Whether its fetching is paused because too many of its messages wait (`takeFlowChanges()`).
        var paused = false
        /// The last position `takeCommitPositions()` gave for it (at first, the one assigned at).
        var committed: Int64?
    }

    /// One partition number: its sources (indexed as `sourceTopics`: a handful, so arrays,
    /// not dictionaries keyed by topic name, on the per-message path) and its clock.
    struct Partition: Sendable {
        var sources: [Source]
        /// When the partition was first seen waiting for a source with unread messages.
        var waitingSince: Int64?
        /// When its last tick was appended.
        var lastTick: Int64
        /// The round in which a tick came due that reaches a state; it waits to be appended.
        var tickRound: Int64?
        /// The time of the last record appended: times in the log never go back.
        var lastTime: Int64 = 0
        /// Whether a source position moved since `takeCommitPositions()`.
        var moved = false

        init(sources: Int, lastTick: Int64) {
            self.sources = Array(repeating: Source(), count: sources)
            self.lastTick = lastTick
        }

        var ownsAny: Bool { sources.contains { $0.owned } }
    }

    /// Source partitions whose fetching to pause, and to resume (`takeFlowChanges()`).
    public struct FlowChanges: Sendable, Equatable {
        public var pause: [(topic: String, partition: Int32)] = []
        public var resume: [(topic: String, partition: Int32)] = []

        public var isEmpty: Bool { pause.isEmpty && resume.isEmpty }

        public static func == (lhs: FlowChanges, rhs: FlowChanges) -> Bool {
            lhs.pause.elementsEqual(rhs.pause, by: ==) && lhs.resume.elementsEqual(rhs.resume, by: ==)
        }
    }

    /// A record to append to partition `partition` of the role's input topic: a bundle of
    /// the round's copies and tick for it (`RoleLog.Bundle`).
    public struct Append: Sendable {
        public var partition: Int32
        public var bundle: RoleLog.Bundle
        /// The record to produce.
        public var message: EventMessage { bundle.message }
    }

    /// The most own records known per source partition beyond its position; beyond that
    /// they are read back like any record.
    static let ownLimit = 10_000

    /// The role's external input topics, in the order given: messages with the same timestamp
    /// are appended in it (`RoleEngine.sourceTopics` gives `TopicName.tieOrder`).
    public let sourceTopics: [String]
    /// Per source topic, the event types (`ce_type`) the role does not take.
    public let passed: PassedTypes
    /// The same, as sets of names.
    public var passedTypes: [String: Set<String>] { passed.types }
    /// The sources whose partitions get ticks (the server-keyed ones: their states take ticks).
    public let tickedTopics: Set<String>
    public let settings: Settings
    var partitions: [Int32: Partition] = [:]
    /// The current round: messages received now belong to it; `endsToAsk` closes it.
    var round: Int64 = 0
    /// The round the last `endsToAsk` closed: the ends `ended` records cover its reads.
    var askedRound: Int64 = -1
    /// How many times a partition went ahead without a source that still had unread messages.
    public private(set) var idleExpirations = 0
    /// The wall-clock time the sequencer was last given (`observe`).
    var lastNow: Int64?
    /// The sources whose offsets started again, not taken yet (`takeRestarts()`).
    var restarts: [(topic: String, partition: Int32, from: Int64, to: Int64)] = []
    /// Whether a commit position went below the one given before for its source (`takeCommitPositions()`).
    public private(set) var commitLowered = false

    public init(sourceTopics: [String], tickedTopics: Set<String>, passedTypes: [String: Set<String>] = [:], settings: Settings) {
        self.sourceTopics = sourceTopics
        self.passed = PassedTypes(passedTypes)
        self.tickedTopics = tickedTopics
        self.ticked = self.sourceTopics.map { tickedTopics.contains($0) }
        self.settings = settings
    }

    /// Per source index, whether its partitions get ticks.
    private let ticked: [Bool]

    /// The index of `topic` in `sourceTopics`.
    private func index(of topic: String) -> Int? { sourceTopics.firstIndex(of: topic) }

    /// The index of `topic` when partition `partition` of it is owned.
    private func owned(_ topic: String, _ partition: Int32) -> Int? {
        guard let source = index(of: topic), partitions[partition]?.sources[source].owned == true else { return nil }
        return source
    }

    /// The partitions the sequencer owns.
    public var ownedPartitions: [Int32] { partitions.keys.sorted() }

    /// How many read messages wait to be appended.
    public var pendingCount: Int { partitions.values.reduce(0) { $0 + $1.sources.reduce(0) { $0 + $1.buffer.count } } }

    /// How many source partitions are paused now (`takeFlowChanges()`).
    public var pausedCount: Int { partitions.values.reduce(0) { $0 + $1.sources.count(where: \.paused) } }

    /// Bounds what waits, per source partition: one with more than `bufferLimit` messages
    /// waiting is to be paused, and one paused with at most half of that is to be fetched
    /// again; the caller pauses and resumes them on its consumer. Call it after `drain`.
    ///
    /// While the others wait for a source that is behind (`drain`), a faster source would
    /// otherwise buffer everything it fetches: during a catch-up, up to half the backlog. A
    /// paused source always has messages waiting, so it never is the source the others wait
    /// for, and it resumes before its buffer runs out.
    public mutating func takeFlowChanges() -> FlowChanges {
        var changes = FlowChanges()
        let limit = settings.bufferLimit
        for number in partitions.keys.sorted() {
            for index in sourceTopics.indices {
                let source = partitions[number]!.sources[index]
                if !source.paused, source.owned, source.buffer.count > limit {
                    partitions[number]!.sources[index].paused = true
                    changes.pause.append((sourceTopics[index], number))
                } else if source.paused, source.buffer.count <= limit / 2 {
                    partitions[number]!.sources[index].paused = false
                    changes.resume.append((sourceTopics[index], number))
                }
            }
        }
        return changes
    }

    /// Partition `partition` of `topic` was assigned; its reading starts at `position` when known.
    public mutating func assigned(topic: String, partition: Int32, position: Int64?, at now: Int64) {
        observe(now)
        guard let source = index(of: topic) else { return }
        partitions[partition, default: Partition(sources: sourceTopics.count, lastTick: now)].sources[source].owned = true
        if let position {
            partitions[partition]!.sources[source].position = position
            partitions[partition]!.sources[source].readTo = position
            partitions[partition]!.sources[source].committed = position
        }
    }

    /// Partition `partition` of `topic` was revoked: what was read and not appended is read
    /// again by its next owner.
    public mutating func revoked(topic: String, partition: Int32) {
        guard let source = index(of: topic), var group = partitions[partition] else { return }
        group.sources[source] = Source()
        partitions[partition] = group.ownsAny ? group : nil
    }

    /// Whether an event of `type` read from `topic` goes to the log (a message without a
    /// type, or of a type the catalogue does not place on `topic`, does: the fold dead-letters it).
    public func takes(topic: String, type: String?) -> Bool {
        !passed.contains(topic: topic, type: type)
    }

    /// `takes(topic:type:)` with the type's bytes, as read in a message's buffer.
    public func takes(topic: String, type: UnsafeRawBufferPointer?) -> Bool {
        !passed.contains(topic: topic, type: type)
    }

    /// A message read from `topic` at `offset` of `partition`, with its Kafka timestamp.
    /// One the role does not take (`takes(topic:type:)`) is passed over.
    public mutating func received(topic: String, partition: Int32, offset: Int64, timestamp: Int64, message: EventMessage) {
        guard message.headers.withValue(named: "ce_type", { takes(topic: topic, type: $0) }) else {
            return passed(topic: topic, partition: partition, offset: offset, timestamp: timestamp)
        }
        guard let source = owned(topic, partition) else { return }
        startAgainIfBelow(source, partition, offset: offset, timestamp: timestamp)
        partitions[partition]!.sources[source].buffer.append(Pending(offset: offset, timestamp: timestamp, message: message, round: round))
        read(source, partition, past: offset, actually: true)
    }

    /// The message at `offset` of `partition` of `topic`, with its Kafka timestamp, was read
    /// and is passed over (the role does not take its type): nothing is appended, reading goes on after it.
    public mutating func passed(topic: String, partition: Int32, offset: Int64, timestamp: Int64) {
        guard let source = owned(topic, partition) else { return }
        startAgainIfBelow(source, partition, offset: offset, timestamp: timestamp)
        read(source, partition, past: offset, actually: true)
    }

    /// A record read below where source `index` had been read (or assigned at) means its
    /// offsets started again: the topic was deleted and created again, or truncated, and the
    /// consumer reset to where its log now starts. The source's position goes back to it, and a
    /// restart goes to the log ahead of what follows, so that the fold takes the new records
    /// for new events, not for copies of the ones it applied at those offsets before.
    private mutating func startAgainIfBelow(_ index: Int, _ partition: Int32, offset: Int64, timestamp: Int64) {
        guard let readTo = partitions[partition]!.sources[index].readTo, offset < readTo else { return }
        var source = partitions[partition]!.sources[index]
        source.position = offset
        source.readTo = offset
        source.ownAhead = []
        // Ends answered before belong to the old records.
        source.ends = []
        source.buffer.append(Pending(offset: offset, timestamp: timestamp, message: nil, round: round))
        partitions[partition]!.sources[index] = source
        partitions[partition]!.moved = true
        restarts.append((sourceTopics[index], partition, from: readTo, to: offset))
    }

    /// The sources whose offsets started again since the last call (`startAgainIfBelow`): where
    /// they had been read to and where they start now, for the runner to log and count.
    public mutating func takeRestarts() -> [(topic: String, partition: Int32, from: Int64, to: Int64)] {
        defer { restarts = [] }
        return restarts
    }

    /// The instance's own records of types it passes over landed at `offsets` of `partition`
    /// of `topic`: reading goes on past them without waiting to read them back.
    public mutating func delivered(topic: String, partition: Int32, offsets: [Int64]) {
        guard let source = owned(topic, partition), let position = partitions[partition]!.sources[source].position else { return }
        // Any left below the position (a gap in the log was read past) go.
        var ahead = partitions[partition]!.sources[source].ownAhead.filter { $0 >= position }
        for offset in offsets where offset >= position && ahead.count < Self.ownLimit { ahead.insert(offset) }
        partitions[partition]!.sources[source].ownAhead = ahead
        read(source, partition, past: position - 1, actually: false)
    }

    /// Moves the position of source `index` past `offset` (never back: an own record passed
    /// over before it was read back is behind it), and past the own records that follow it;
    /// the committable position too when the record at `offset` was `actually` read.
    private mutating func read(_ index: Int, _ partition: Int32, past offset: Int64, actually: Bool) {
        Self.read(&partitions[partition]!, index, past: offset, actually: actually)
    }

    private static func read(_ group: inout Partition, _ index: Int, past offset: Int64, actually: Bool) {
        if actually, offset + 1 > group.sources[index].readTo ?? 0 {
            group.sources[index].readTo = offset + 1
            group.moved = true
        }
        var position = max(offset + 1, group.sources[index].position ?? 0)
        if !group.sources[index].ownAhead.isEmpty {
            while group.sources[index].ownAhead.remove(position) != nil { position += 1 }
        }
        if position != group.sources[index].position { group.moved = true }
        group.sources[index].position = position
    }

    /// Where the reading of each source partition may be committed, for those that moved
    /// since the last call: its first message not appended yet, or after the last one read
    /// (`Source.readTo`).
    public mutating func takeCommitPositions() -> [(topic: String, partition: Int32, offset: Int64)] {
        var positions: [(topic: String, partition: Int32, offset: Int64)] = []
        for (number, partition) in partitions where partition.moved {
            for (index, source) in partition.sources.enumerated() where source.owned {
                guard let offset = source.buffer.first?.offset ?? source.readTo ?? source.position else { continue }
                positions.append((sourceTopics[index], number, offset))
                // After a restart the position goes back, possibly a batch after the restart was read
                // (records of the old offsets still waited ahead of it).
                if let last = source.committed, offset < last { commitLowered = true }
                partitions[number]!.sources[index].committed = offset
            }
            partitions[number]!.moved = false
        }
        return positions
    }

    /// Whether a commit position given since the last call went below the one given before for its
    /// source: a consumer commits a stored offset only above the committed one, so such a position
    /// must be committed by name.
    public mutating func takeCommitLowered() -> Bool {
        defer { commitLowered = false }
        return commitLowered
    }

    /// Closes the round of the messages received since the last call, and names the
    /// sources whose end offsets the broker must be asked now (after the round's poll):
    /// every owned source of a partition with a message or a tick waiting that has no end
    /// asked since that arrived. Answer with `ended` before `drain`. A tick comes due once
    /// per tick interval of a partition; `tickReaches`, asked then, tells whether a tick at
    /// `now` would reach any state of it (a deadline has come): a tick that reaches none is
    /// not appended, so a role at rest asks and appends nothing (the interval starts again).
    public mutating func endsToAsk(at now: Int64, tickReaches: (Int32) -> Bool = { _ in true }) -> [(topic: String, partition: Int32)] {
        observe(now)
        var asks: [(topic: String, partition: Int32)] = []
        for number in partitions.keys.sorted() {
            var partition = partitions.removeValue(forKey: number)!
            let takesTicks = partition.sources.indices.contains { partition.sources[$0].owned && ticked[$0] }
            if partition.tickRound == nil, takesTicks, now - partition.lastTick >= settings.tickInterval {
                if tickReaches(number) {
                    partition.tickRound = round
                } else {
                    partition.lastTick = now
                }
            }
            // Rounds only grow along a buffer: its last message is its newest.
            let newest = partition.sources.compactMap { $0.buffer.last?.round }.max().map { max($0, partition.tickRound ?? $0) } ?? partition.tickRound
            if let newest {
                for (index, source) in partition.sources.enumerated() where source.owned && (source.ends.last?.round ?? -1) < newest {
                    asks.append((sourceTopics[index], number))
                }
            }
            partitions[number] = partition
        }
        askedRound = round
        round += 1
        return asks
    }

    /// The broker's answer to an ask of `endsToAsk`: `topic`'s partition `partition` ends
    /// at `offset`. A source not answered holds the others back as one with unread messages.
    public mutating func ended(topic: String, partition: Int32, offset: Int64) {
        guard let source = owned(topic, partition), (partitions[partition]!.sources[source].ends.last?.round ?? -1) < askedRound else { return }
        partitions[partition]!.sources[source].ends.append(End(round: askedRound, offset: offset))
    }

    /// What can be appended at wall-clock time `now`, per partition in bundles: messages whose
    /// turn has come, then the tick that waits, if its turn has come too. A message's turn comes
    /// when it is the earliest in event time of the buffered heads, and every source
    /// without a buffered message was read up to an end asked in its round or later; or
    /// when the partition waited `maxIdle` for that.
    public mutating func drain(at now: Int64) -> [Append] {
        observe(now)
        var appends: [Append] = []
        var taken = Array(repeating: 0, count: sourceTopics.count)
        for number in partitions.keys.sorted() {
            // Taken out while it changes, so that its buffers are not copied on write.
            var partition = partitions.removeValue(forKey: number)!
            // `taken` counts, per source, the heads appended; they leave the buffers at once
            // afterwards (removing the first of an array one by one costs its length each time).
            for index in taken.indices { taken[index] = 0 }
            var forced = false
            var held = false
            // The partition's records of this round, in bundles of at most `bundleLimit` bytes.
            var bundle = RoleLog.Bundle()
            func add(_ record: RoleLog.Record) {
                if !bundle.isEmpty, bundle.byteCount + RoleLog.Bundle.byteCount(of: record) > settings.bundleLimit {
                    appends.append(Append(partition: number, bundle: bundle))
                    bundle = RoleLog.Bundle()
                }
                bundle.append(record)
            }
            while let index = Self.earliestHead(of: partition, taken: taken) {
                let head = partition.sources[index].buffer[taken[index]]
                if !forced, !Self.caughtUp(partition, through: head.round, taken: taken) {
                    forced = waitedOut(&partition, now)
                    if !forced {
                        held = true
                        break
                    }
                }
                taken[index] += 1
                let time = stamp(&partition, now)
                if let message = head.message {
                    add(.event(topic: sourceTopics[index], partition: number, offset: head.offset, message: message, time: time))
                } else {
                    add(.restart(topic: sourceTopics[index], partition: number, offset: head.offset, timestamp: head.timestamp, time: time))
                }
            }
            for (index, count) in taken.enumerated() where count > 0 {
                partition.sources[index].buffer.removeFirst(count)
                partition.moved = true
            }
            if !held, let tickRound = partition.tickRound {
                let none = Array(repeating: 0, count: sourceTopics.count)
                if forced || Self.caughtUp(partition, through: tickRound, taken: none) || waitedOut(&partition, now) {
                    partition.tickRound = nil
                    partition.lastTick = now
                    add(.tick(time: stamp(&partition, now)))
                } else {
                    held = true
                }
            }
            if !bundle.isEmpty { appends.append(Append(partition: number, bundle: bundle)) }
            if !held, !forced { partition.waitingSince = nil }
            Self.dropEndsNotNeeded(&partition)
            partitions[number] = partition
        }
        return appends
    }

    /// Keeps waits and tick intervals measured in elapsed time when the wall clock steps back
    /// (an NTP step, a VM resumed): the times they are measured from move back with it, so a wait
    /// lasts `maxIdle`, not `maxIdle` plus the step, and ticks go on. (Records' times never go
    /// back: `lastTime`.) A step forward only ends waits and brings ticks early, as time passing would.
    private mutating func observe(_ now: Int64) {
        defer { lastNow = now }
        guard let lastNow, now < lastNow else { return }
        let step = lastNow - now
        for number in partitions.keys {
            partitions[number]!.lastTick -= step
            if let since = partitions[number]!.waitingSince { partitions[number]!.waitingSince = since - step }
        }
    }

    /// Whether the partition has waited `maxIdle` for a source behind its end (counted);
    /// starts the wait if it had not.
    private mutating func waitedOut(_ partition: inout Partition, _ now: Int64) -> Bool {
        let since = partition.waitingSince ?? now
        partition.waitingSince = since
        guard now - since >= settings.maxIdle else { return false }
        idleExpirations += 1
        return true
    }

    /// The source whose buffered head is earliest in event time (ties by source order), after the `taken` ones.
    private static func earliestHead(of partition: Partition, taken: [Int]) -> Int? {
        var best: Int?
        var bestTime = Int64.max
        for (index, source) in partition.sources.enumerated() where source.owned && taken[index] < source.buffer.count {
            let time = source.buffer[taken[index]].timestamp
            if best == nil || time < bestTime { (best, bestTime) = (index, time) }
        }
        return best
    }

    /// Whether every owned source without a buffered head left was read up to an end asked
    /// in round `round` or later (the first such end: later ones are only higher).
    private static func caughtUp(_ partition: Partition, through round: Int64, taken: [Int]) -> Bool {
        for (index, source) in partition.sources.enumerated() where source.owned && taken[index] >= source.buffer.count {
            guard let end = source.ends.first(where: { $0.round >= round }) else { return false }
            if (source.position ?? 0) < end.offset { return false }
        }
        return true
    }

    /// Drops the ends asked before the oldest message or tick still waiting: no turn depends on them.
    private static func dropEndsNotNeeded(_ partition: inout Partition) {
        guard partition.sources.contains(where: { !$0.ends.isEmpty }) else { return }
        let oldest = partition.sources.compactMap { $0.buffer.first?.round }.min().map { min($0, partition.tickRound ?? $0) } ?? partition.tickRound ?? .max
        for index in partition.sources.indices where !partition.sources[index].ends.isEmpty {
            partition.sources[index].ends.removeAll { $0.round < oldest }
        }
    }

    /// The time of the next record: the wall clock, never before the last one.
    private func stamp(_ partition: inout Partition, _ now: Int64) -> Int64 {
        partition.lastTime = max(partition.lastTime, now)
        return partition.lastTime
    }
}
