import Contracts
import Events
import Lifecycle

/// The Kafka-free heart of a role's runtime: a deterministic fold over the role's input
/// log (`<role>.input`, see `RoleLog` and `Sequencer`). It takes the log's records in
/// order and gives the records to produce — output events, `transition.rejected`
/// answers, dead letters — and, per batch, the changelog records that make a replay
/// apply nothing twice.
///
/// The order is the log's and the time is the log's (each record's time, in `mtd-copy` or
/// a tick's `mtd-time`: the sequencer's clock when it appended it), so folding the same log
/// from the same checkpoint gives the same outputs and states, byte for byte. Effectively
/// once without transactions:
/// - output ids derive from the record's position in the log, so a replay (or a zombie
///   instance folding the same log) yields the same ids and downstream de-duplication by
///   `ce_id` removes the copies;
/// - a copy the sequencer appended twice carries the same source position: it is
///   applied once;
/// - each key's state records the log offset it reflects (`mtd-offset` on its changelog
///   record; in memory also the entry of a bundle, `LogPosition`): a record at or below it
///   is not applied to that key again, and a restore keeps the newest record of each key,
///   so a late changelog write cannot roll a state back.
public struct RoleEngine: Sendable {
    /// The role this engine runs.
    public let role: Role
    /// The role's input topic, the log it folds.
    public let inputTopic: String
    var slots: [any StateSlot]
    /// Which slot takes each source topic.
    let slotOfTopic: [String: Int]
    /// Partition counts of the keyed source topics, to check each key's partition.
    let partitionCounts: [String: Int32]
    /// Per slot, how many partitions its inputs and changelog have (a cluster-keyed state
    /// may have fewer than the log): it folds only the log's partitions below that.
    let slotPartitions: [Int32]
    let codec: CloudEventCodec
    /// The consumer name written into dead letters.
    let consumerName: String
    /// Per slot, per partition: how far its states reflect the log.
    var progress: [Int: [Int32: Progress]] = [:]
    /// Partitions whose progress moved since the last changelog write, per slot.
    var progressChanged: [Int: Set<Int32>] = [:]
    /// What the fold did since the last `takeReport()`: counted where it is known, so
    /// nothing is decoded again to report it.
    var report = BatchReport()
    /// The batch's events taken and emitted, moved into `report` when it is taken.
    var consumed = EventTally()
    var emitted = EventTally()

    /// How far a slot's states of one partition reflect the role's log.
    struct Progress: Sendable, Hashable {
        /// The next log offset to apply.
        var input: Int64 = 0
        /// Per source topic, the next source offset to apply (a lower one is a copy already applied).
        var sources: [String: Int64] = [:]
        /// Per source topic, its last restart applied (`RoleLog.Record.restart`): the offset it
        /// started again at and that record's Kafka timestamp. A restart appended again is this one.
        var restarts: [String: SourceRestart] = [:]
        /// The role's clock: the latest record time applied.
        var time: Int64 = 0
    }

    /// The key of the checkpoint record in each changelog partition.
    public static let checkpointKey = "\u{0}checkpoint"
    /// The header of a changelog state record: the log offset the state reflects.
    public static let offsetHeader = "mtd-offset"
    /// The header of a changelog state record: the fingerprints of the ids of the roles' own
    /// events the key last took (`RecentEvents`), 16 hex digits each, comma-separated.
    public static let recentHeader = recentHeaderName.description
    /// `recentHeader`, for reading it in a message's header buffer.
    static let recentHeaderName: StaticString = "mtd-recent64"
    /// The header in which builds before session 26 wrote those ids themselves,
    /// comma-separated: still read, never written.
    public static let recentIDsHeader = recentIDsHeaderName.description
    /// `recentIDsHeader`, for reading it in a message's header buffer.
    static let recentIDsHeaderName: StaticString = "mtd-recent"
    /// How many ids of own events a key keeps (and its changelog record carries): a server
    /// tracked for a while has taken more own events than this, so it holds this many.
    public static let recentLimit = 16

    /// An engine for `logics`, which must all belong to one role.
    public init(role: Role, logics: [any RoleLogic], partitionCounts: [String: Int32], consumerName: String, maxValueBytes: Int = 1 << 20) {
        self.role = role
        self.inputTopic = TopicName.input(of: role)
        self.slots = logics.map { Self.slot(for: $0) }
        var slotOfTopic: [String: Int] = [:]
        for (index, logic) in logics.enumerated() {
            for topic in logic.inputTopics { slotOfTopic[topic] = index }
        }
        self.slotOfTopic = slotOfTopic
        self.partitionCounts = partitionCounts
        self.slotPartitions = logics.map { logic in logic.inputTopics.compactMap { partitionCounts[$0] }.min() ?? .max }
        self.codec = CloudEventCodec(maxValueBytes: maxValueBytes)
        self.consumerName = consumerName
    }

    private static func slot<Logic: RoleLogic>(for logic: Logic) -> any StateSlot { Slot(logic) }

    /// The external topics the role's sequencer reads, in the order ties in time go by
    /// (`TopicName.tieOrder`).
    public var sourceTopics: [String] { slotOfTopic.keys.sorted(by: TopicName.precedesOnTie) }

    /// Per source topic, the event types the role does not take there (the sequencer passes
    /// them over: other roles' inputs and outputs, the role's own among them).
    public var passedTypes: [String: Set<String>] {
        Dictionary(uniqueKeysWithValues: sourceTopics.map { ($0, EventCatalog.types(on: $0, notTakenBy: role)) })
    }

    /// Whether the states fed by source `topic` take ticks.
    public func takesTicks(topic: String) -> Bool { slotOfTopic[topic].map { slots[$0].takesTicks } ?? false }

    /// Whether a tick at `now` (milliseconds) on `partition` would reach a state: some key's
    /// deadline has come. A tick that reaches none changes nothing but the checkpoint, so
    /// the sequencer leaves it out (`Sequencer.drain`).
    public func tickReaches(partition: Int32, at now: Int64) -> Bool {
        slots.indices.contains { index in
            partition < slotPartitions[index] && slots[index].hasDeadline(partition: partition, atOrBefore: Instant(millisecondsSinceEpoch: now))
        }
    }

    /// The changelog topics of the role.
    public var changelogTopics: [String] { slots.map(\.changelogTopic) }

    /// The changelog topics that have a partition `partition`: a cluster-keyed state has
    /// as many partitions as its cluster-keyed inputs, which may be fewer than the log's.
    public func changelogTopics(partition: Int32) -> [String] {
        slots.indices.filter { partition < slotPartitions[$0] }.map { slots[$0].changelogTopic }
    }

    /// How many keys the role holds in `partition`.
    public func stateCount(partition: Int32) -> Int {
        slots.reduce(0) { $0 + $1.count(partition: partition) }
    }

    // MARK: Folding

    /// Applies the record at `offset` of `partition` of the role's log and returns what to produce.
    public mutating func process(_ message: EventMessage, partition: Int32, offset: Int64) -> [OutgoingRecord] {
        guard let contents = RoleLog.contents(message) else {
            let origin = DeadLetter.Origin(topic: inputTopic, partition: partition, offset: offset, consumer: consumerName)
            let error = "a record of \(inputTopic) that is neither a bundle of version \(RoleLog.bundleVersion) (mtd-bundle) nor a copy or tick "
                + "as written before bundles (mtd-copy, or mtd-tick and mtd-time)"
            report.messages += 1
            return [deadLetter(message, reason: .invalidRoleLog, error: error, origin: origin, time: progress.values.compactMap { $0[partition]?.time }.max() ?? 0)]
        }
        return process(contents, partition: partition, offset: offset)
    }

    /// Applies what the record at `offset` of `partition` of the role's log holds (`RoleLog.contents`):
    /// a bundle's entries in order, or one record as written before bundles. The instance's own
    /// appends come here as they were appended, not read back.
    public mutating func process(_ contents: RoleLog.Contents, partition: Int32, offset: Int64) -> [OutgoingRecord] {
        // The slots whose states do not reflect the record yet: only they take its entries.
        var takers: [Int] = []
        for index in slots.indices where partition < slotPartitions[index] && (progress[index]?[partition]?.input ?? 0) <= offset {
            takers.append(index)
        }
        guard !takers.isEmpty else { return [] }
        let position = "\(inputTopic)/\(partition)/\(offset)"
        let (records, bundled): ([RoleLog.Record], Bool) = switch contents {
        case let .bundle(records): (records, true)
        case let .single(record): ([record], false)
        }
        var outputs: [OutgoingRecord] = []
        for (entry, record) in records.enumerated() {
            // Output ids derive from the entry's place in the log: the same in every replay
            // (spelt only for an entry that has outputs).
            let cause = { bundled ? position + "#" + String(entry) : position }
            let logPosition = LogPosition(offset: offset, entry: Int32(truncatingIfNeeded: entry))
            for index in takers {
                let now = advance(index, partition: partition, offset: offset, to: record.time)
                switch record {
                case .tick:
                    guard slots[index].takesTicks else { continue }
                    for (key, events) in slots[index].tick(partition: partition, position: logPosition, at: Instant(millisecondsSinceEpoch: now)) {
                        outputs += self.records(for: events, cause: { cause() + "/" + key }, time: now)
                    }
                case let .restart(topic, _, sourceOffset, timestamp, _):
                    guard slotOfTopic[topic] == index else { continue }
                    // The source's offsets started again (recreated, truncated): what follows from
                    // `sourceOffset` on is new. A restart appended twice counts once.
                    let restart = SourceRestart(offset: sourceOffset, timestamp: timestamp)
                    guard progress[index]![partition]!.restarts[topic] != restart else { continue }
                    progress[index]![partition]!.restarts[topic] = restart
                    progress[index]![partition]!.sources[topic] = sourceOffset
                case let .event(topic, sourcePartition, sourceOffset, original, _):
                    guard slotOfTopic[topic] == index else { continue }
                    // A copy appended twice (a sequencer restarted before committing) is applied once.
                    if let next = progress[index]?[partition]?.sources[topic], sourceOffset < next { continue }
                    progress[index]![partition]!.sources[topic] = sourceOffset + 1
                    report.messages += 1
                    let origin = DeadLetter.Origin(topic: topic, partition: sourcePartition, offset: sourceOffset, consumer: consumerName)
                    outputs += apply(original, slot: index, topic: topic, partition: partition, position: logPosition, origin: origin, at: now, cause: cause)
                }
            }
        }
        return outputs
    }

    /// Moves slot `index`'s progress on `partition` past the record at `offset`, its clock to
    /// `time` at least; the time to apply the record's entry at.
    private mutating func advance(_ index: Int, partition: Int32, offset: Int64, to time: Int64) -> Int64 {
        var current = progress[index]?[partition] ?? Progress()
        current.input = offset + 1
        current.time = max(current.time, time)
        progress[index, default: [:]][partition] = current
        progressChanged[index, default: []].insert(partition)
        return current.time
    }

    /// Decodes, checks and applies one input event to slot `index` (`message` is the log's
    /// copy; a dead letter gets the event as it was on its source topic).
    private mutating func apply(
        _ message: EventMessage, slot index: Int, topic: String, partition: Int32, position: LogPosition, origin: DeadLetter.Origin, at now: Int64,
        cause: () -> String
    ) -> [OutgoingRecord] {
        let inbound: InboundEvent
        do {
            inbound = try InboundEvent(message: message, topic: topic, codec: codec)
        } catch {
            return [deadLetter(RoleLog.original(message), reason: error.reason, error: error.description, origin: origin, time: now)]
        }
        if inbound.entry.key != .partition, let count = partitionCounts[topic], Partitioner.partition(of: inbound.key, count: count) != origin.partition {
            let error = "key '\(inbound.key)' belongs on partition \(Partitioner.partition(of: inbound.key, count: count)) of \(topic) "
                + "(Kafka's murmur2 partitioner), not on \(origin.partition): produce with partitioner=murmur2_random"
            return [deadLetter(RoleLog.original(message), reason: .wrongPartition, error: error, origin: origin, time: now)]
        }
        let outcome: StepOutcome
        do {
            outcome = try slots[index].step(inbound, partition: partition, position: position, at: Instant(millisecondsSinceEpoch: now))
        } catch {
            return [deadLetter(RoleLog.original(message), reason: error.reason, error: error.description, origin: origin, time: now)]
        }
        consumed.add(topic: topic, type: inbound.event.type)
        switch outcome {
        case .ignored:
            return []
        case .applied(let events):
            return records(for: events, cause: cause, time: now)
        case .rejected(let rejection):
            let answer = RejectionEvent.make(rejection, of: inbound, by: role)
            report.rejections.append(RoleIncident(reason: rejection.code, server: inbound.key, event: inbound.event.id, detail: answer.data["reason"]?.stringValue ?? ""))
            return records(for: [answer], cause: cause, time: now)
        }
    }

    private mutating func records(for events: [OutgoingEvent], cause: () -> String, time: Int64) -> [OutgoingRecord] {
        guard !events.isEmpty else { return [] }
        // The outputs of one record share its time: formatted once.
        let formattedTime = RFC3339.format(millisecondsSinceEpoch: time)
        let ids = EventID.Derivation(from: cause(), role: role.rawValue)
        return events.enumerated().map { index, event in
            emitted.add(topic: event.topic, type: event.type)
            let id = ids.id(index: index)
            let message = codec.encode(event.cloudEvent(id: id, source: role.source, time: time), key: event.key, formattedTime: formattedTime)
            return OutgoingRecord(topic: event.topic, partition: nil, message: message)
        }
    }

    /// A dead letter for `message`, counted: the input as invalid, the incident with its server and event.
    private mutating func deadLetter(_ message: EventMessage, reason: DeadLetter.Reason, error: String, origin: DeadLetter.Origin, time: Int64) -> OutgoingRecord {
        consumed.add(topic: origin.topic, type: EventKind.invalid)
        emitted.add(topic: TopicName.deadLetter, type: EventKind.deadLetter)
        report.deadLetters.append(
            RoleIncident(reason: reason, server: message.key.map { String(decoding: $0, as: UTF8.self) }, event: message.header("ce_id"), detail: error))
        return OutgoingRecord(
            topic: TopicName.deadLetter, partition: nil,
            message: DeadLetter.message(for: message, reason: reason, error: error, origin: origin, at: time))
    }

    /// What the fold did since the last call: events taken and emitted by type, dead letters
    /// and rejections with their server and event.
    public mutating func takeReport() -> BatchReport {
        defer { report = BatchReport() }
        report.consumed = consumed.take()
        report.emitted = emitted.take()
        return report
    }

    // MARK: Changelog

    /// The changelog records of everything that changed since the last call: the changed
    /// states, each with the log offset it reflects, and per partition the checkpoint.
    /// Throws `StateEncodingError` if a state cannot be encoded (the instance must stop:
    /// its outputs are sent, and a changelog without that state would be behind them).
    public mutating func takeChangelog() throws(StateEncodingError) -> [OutgoingRecord] {
        var records: [OutgoingRecord] = []
        for index in slots.indices {
            let topic = slots[index].changelogTopic
            for partition in (progressChanged.removeValue(forKey: index) ?? []).sorted() {
                for change in try slots[index].takeChanges(partition: partition) {
                    let headers = Self.stateHeaders(offset: change.offset, recent: change.recent)
                    records.append(OutgoingRecord(
                        topic: topic, partition: partition, message: EventMessage(key: Array(change.key.utf8), value: change.value, headers: headers)))
                }
                if let current = progress[index]?[partition] {
                    records.append(OutgoingRecord(topic: topic, partition: partition, message: Self.checkpoint(current)))
                }
            }
        }
        return records
    }

    /// The headers of a changelog state record: the log offset the state reflects, and the
    /// fingerprints of the own events the key last took (left out when none).
    static func stateHeaders(offset: Int64, recent: RecentEvents) -> MessageHeaders {
        var headers = MessageHeaders()
        headers.append(name: offsetHeader, string: String(offset))
        if !recent.isEmpty { headers.append(name: recentHeader, value: recent.header) }
        return headers
    }

    /// `stateHeaders(offset:recent:)` of a key that took the own events `ids`, oldest first:
    /// for writing a changelog as the service does without an engine (the restore benchmark).
    public static func stateHeaders(offset: Int64, recentIDs ids: [String]) -> MessageHeaders {
        var recent = RecentEvents()
        for id in ids { recent.remember(id, limit: recentLimit) }
        return stateHeaders(offset: offset, recent: recent)
    }

    static func checkpoint(_ progress: Progress) -> EventMessage {
        var sources = JSONObject()
        for (topic, offset) in progress.sources.sorted(by: { $0.key < $1.key }) { sources[topic] = .int(offset) }
        var value: JSONObject = ["input": .int(progress.input), "sources": .object(sources), "time": .int(progress.time)]
        if !progress.restarts.isEmpty {
            var restarts = JSONObject()
            for (topic, restart) in progress.restarts.sorted(by: { $0.key < $1.key }) {
                restarts[topic] = .object(["offset": .int(restart.offset), "timestamp": .int(restart.timestamp)])
            }
            value["restarts"] = .object(restarts)
        }
        return EventMessage(key: Array(checkpointKey.utf8), value: JSONWriter.bytes(.object(value)), headers: [])
    }

    /// Applies one changelog record read back on assignment: of each key the newest state
    /// (by the log offset it reflects) is kept, and the furthest checkpoint.
    public mutating func restore(changelog topic: String, partition: Int32, key: [UInt8]?, value: [UInt8]?, headers: MessageHeaders = []) throws {
        guard let index = slots.firstIndex(where: { $0.changelogTopic == topic }), let key, let value else { return }
        let text = String(decoding: key, as: UTF8.self)
        guard text == Self.checkpointKey else {
            let offset = headers.string(named: Self.offsetHeader).flatMap { Int64($0) }
            let recent = headers.withValue(named: Self.recentHeaderName) { $0.map(RecentEvents.init(header:)) }
                ?? headers.withValue(named: Self.recentIDsHeaderName) { $0.map(RecentEvents.init(idHeader:)) } ?? RecentEvents()
            try slots[index].restore(partition: partition, key: text, value: value, offset: offset, recent: recent)
            return
        }
        let document = try JSONParser().parse(value)
        var restored = Progress()
        if let input = document["input"]?.intValue {
            restored.input = input
            for member in document["sources"]?.objectValue?.members ?? [] { restored.sources[member.key] = member.value.intValue }
            for member in document["restarts"]?.objectValue?.members ?? [] {
                guard let offset = member.value["offset"]?.intValue, let timestamp = member.value["timestamp"]?.intValue else { continue }
                restored.restarts[member.key] = SourceRestart(offset: offset, timestamp: timestamp)
            }
            restored.time = document["time"]?.intValue ?? 0
        } else {
            // Written before the role log: the offsets it names are the external topics'.
            for member in document["offsets"]?.objectValue?.members ?? [] { restored.sources[member.key] = member.value.intValue }
            restored.time = document["streamTime"]?.intValue ?? 0
        }
        if let current = progress[index]?[partition], current.input > restored.input { return }
        progress[index, default: [:]][partition] = restored
    }

    /// Takes `partition`'s states and progress as `restored` holds them: a copy of this
    /// engine that restored the partition's changelogs on another thread, so that the
    /// partitions of one assignment are restored at once.
    public mutating func adopt(partition: Int32, from restored: RoleEngine) {
        for index in slots.indices {
            slots[index].adopt(partition: partition, from: restored.slots[index])
            progress[index, default: [:]][partition] = restored.progress[index]?[partition]
        }
    }

    /// Forgets `partition` (revoked, or a restore that failed part way).
    public mutating func drop(partition: Int32) {
        for index in slots.indices {
            slots[index].drop(partition: partition)
            progress[index]?[partition] = nil
            progressChanged[index]?.remove(partition)
        }
    }
}
