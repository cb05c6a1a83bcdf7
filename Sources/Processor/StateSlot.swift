import Contracts
import Events
import Lifecycle

/// The states of one logic, per partition, with what changed since the last changelog write.
protocol StateSlot: Sendable {
    var inputTopics: [String] { get }
    var changelogTopic: String { get }
    var takesTicks: Bool { get }
    /// Applies an event, at `offset` of the role's log, to the state of its key in `partition`;
    /// ignored when the key's state already reflects that offset.
    mutating func step(_ event: InboundEvent, partition: Int32, offset: Int64, at now: Instant) throws(EventDecodingError) -> StepOutcome
    /// Whether a key of `partition` has a deadline at or before `now` (a tick at `now` would reach it).
    func hasDeadline(partition: Int32, atOrBefore now: Instant) -> Bool
    /// Ticks every key of `partition` whose deadline has come (the tick at `offset` of the
    /// role's log); the events per key, in key order.
    mutating func tick(partition: Int32, offset: Int64, at now: Instant) -> [(key: String, events: [OutgoingEvent])]
    /// The changed states of `partition` as changelog values with the log offset each
    /// reflects, and forgets that they changed. Throws if a state cannot be encoded:
    /// leaving it out would put the changelog behind the transitions already sent.
    mutating func takeChanges(partition: Int32) throws(StateEncodingError) -> [(key: String, value: [UInt8], offset: Int64, recent: [String])]
    /// Takes a changelog value for `key` unless the state held reflects a later log offset;
    /// `recent` are the ids of the service's own events it last took.
    mutating func restore(partition: Int32, key: String, value: [UInt8], offset: Int64?, recent: [String]) throws
    /// Forgets `partition` (revoked).
    mutating func drop(partition: Int32)
    /// Takes `partition` as `other` holds it: a copy of this slot that restored it apart.
    mutating func adopt(partition: Int32, from other: any StateSlot)
    /// How many keys `partition` holds.
    func count(partition: Int32) -> Int
}

/// A `StateSlot` for one `RoleLogic`.
///
/// Called through `any StateSlot`, its methods would run unspecialised: every dictionary
/// access and copy of a `Logic.State` through witness tables. `@_specialize` on the
/// per-event methods gives each logic of the service its own compiled copy, which the
/// generic entry point jumps to (about a tenth of the fold, in the benchmark's fold section).
struct Slot<Logic: RoleLogic>: StateSlot {
    /// Everything held of one partition's keys.
    struct Partition: Sendable {
        var states: [String: Logic.State] = [:]
        /// The keys changed since the last changelog write.
        var changed: Set<String> = []
        /// Per key, the log offset the state reflects (none: restored from a record without one).
        var offsets: [String: Int64] = [:]
        /// Per key, the ids of the last events of maintenanced's own roles it took (applied or
        /// rejected): a copy sent again by a role that replayed its input after a restart has
        /// the same id, and is recognised instead of answered again.
        var recent: [String: [String]] = [:]
        /// The keys that have a deadline, with it: a tick looks at these only, not at every
        /// key (a fleet of idle servers costs a tick nothing).
        var deadlines: [String: Instant] = [:]

        /// Takes `state` of `key` as reflecting log offset `offset`.
        mutating func took(_ key: String, offset: Int64) {
            changed.insert(key)
            offsets[key] = offset
        }

        /// Files `key` under its next deadline, or takes it out of the index if it has none.
        mutating func noteDeadline(of state: Logic.State, key: String, logic: Logic, after now: Instant) {
            guard logic.takesTicks else { return }
            deadlines[key] = logic.nextDeadline(of: state, after: now)
        }
    }

    let logic: Logic
    var partitions: [Int32: Partition] = [:]
    /// How many ids of own events a key keeps.
    static var recentLimit: Int { 16 }

    init(_ logic: Logic) { self.logic = logic }

    var inputTopics: [String] { logic.inputTopics }
    var changelogTopic: String { logic.changelogTopic }
    var takesTicks: Bool { logic.takesTicks }

    @_specialize(where Logic == SchedulerLogic)
    @_specialize(where Logic == PowerLogic)
    @_specialize(where Logic == UpdateLogic)
    @_specialize(where Logic == RolloutLogic)
    mutating func step(_ event: InboundEvent, partition: Int32, offset: Int64, at now: Instant) throws(EventDecodingError) -> StepOutcome {
        let key = event.key
        let logic = logic
        if let reflected = partitions[partition]?.offsets[key], offset <= reflected { return .ignored }
        let ownEvent = Role(source: event.event.source) != nil
        if ownEvent, partitions[partition]?.recent[key]?.contains(event.event.id) == true { return .ignored }
        var state = partitions[partition]?.states[key]
        let outcome = try logic.step(event, state: &state, at: now)
        if ownEvent, case .ignored = outcome {} else if ownEvent, state != nil {
            var ids = partitions[partition]?.recent[key] ?? []
            ids.append(event.event.id)
            if ids.count > Self.recentLimit { ids.removeFirst(ids.count - Self.recentLimit) }
            partitions[partition, default: Partition()].recent[key] = ids
            partitions[partition, default: Partition()].took(key, offset: offset)
        }
        if case .applied = outcome, let state {
            partitions[partition, default: Partition()].states[key] = state
            partitions[partition, default: Partition()].took(key, offset: offset)
            partitions[partition, default: Partition()].noteDeadline(of: state, key: key, logic: logic, after: now)
        }
        return outcome
    }

    @_specialize(where Logic == SchedulerLogic)
    @_specialize(where Logic == PowerLogic)
    @_specialize(where Logic == UpdateLogic)
    @_specialize(where Logic == RolloutLogic)
    func hasDeadline(partition: Int32, atOrBefore now: Instant) -> Bool {
        logic.takesTicks && partitions[partition]?.deadlines.values.contains { $0 <= now } == true
    }

    @_specialize(where Logic == SchedulerLogic)
    @_specialize(where Logic == PowerLogic)
    @_specialize(where Logic == UpdateLogic)
    @_specialize(where Logic == RolloutLogic)
    mutating func tick(partition: Int32, offset: Int64, at now: Instant) -> [(key: String, events: [OutgoingEvent])] {
        guard logic.takesTicks, let candidates = partitions[partition]?.deadlines else { return [] }
        let logic = logic
        var results: [(key: String, events: [OutgoingEvent])] = []
        for key in candidates.filter({ $0.value <= now }).keys.sorted() {
            guard var state = partitions[partition]?.states[key] else {
                partitions[partition]?.deadlines[key] = nil
                continue
            }
            if let reflected = partitions[partition]?.offsets[key], offset <= reflected { continue }
            // A window's opening is computed from the time asked: ask again now.
            let deadline = logic.nextDeadline(of: state, after: now)
            guard let deadline, deadline <= now else {
                partitions[partition]?.deadlines[key] = deadline
                continue
            }
            let events = logic.tick(key: key, state: &state, at: now)
            partitions[partition]?.states[key] = state
            partitions[partition]?.took(key, offset: offset)
            partitions[partition]?.noteDeadline(of: state, key: key, logic: logic, after: now)
            if !events.isEmpty { results.append((key, events)) }
        }
        return results
    }

    @_specialize(where Logic == SchedulerLogic)
    @_specialize(where Logic == PowerLogic)
    @_specialize(where Logic == UpdateLogic)
    @_specialize(where Logic == RolloutLogic)
    mutating func takeChanges(partition: Int32) throws(StateEncodingError) -> [(key: String, value: [UInt8], offset: Int64, recent: [String])] {
        guard let keys = partitions[partition]?.changed, !keys.isEmpty else { return [] }
        partitions[partition]?.changed = []
        var changes: [(key: String, value: [UInt8], offset: Int64, recent: [String])] = []
        for key in keys.sorted() {
            guard let held = partitions[partition], let state = held.states[key] else { continue }
            do {
                changes.append((key, try state.changelogValue(), held.offsets[key] ?? -1, held.recent[key] ?? []))
            } catch {
                throw StateEncodingError(changelog: logic.changelogTopic, partition: partition, key: key, reason: "\(error)")
            }
        }
        return changes
    }

    @_specialize(where Logic == SchedulerLogic)
    @_specialize(where Logic == PowerLogic)
    @_specialize(where Logic == UpdateLogic)
    @_specialize(where Logic == RolloutLogic)
    mutating func restore(partition: Int32, key: String, value: [UInt8], offset: Int64?, recent ids: [String]) throws {
        // A late write (an instance its group had expelled) may come after a newer one: keep the newer.
        if let held = partitions[partition]?.offsets[key], let offset, offset < held { return }
        var state = try Logic.State(changelogValue: value)
        logic.configure(&state)
        let logic = logic
        partitions[partition, default: Partition()].states[key] = state
        partitions[partition, default: Partition()].offsets[key] = offset
        partitions[partition, default: Partition()].recent[key] = ids.isEmpty ? nil : ids
        // Stream time is not known here: a window opening comes out in the past, so the
        // first tick asks again with the time it has.
        partitions[partition, default: Partition()].noteDeadline(of: state, key: key, logic: logic, after: Instant(millisecondsSinceEpoch: 0))
    }

    mutating func drop(partition: Int32) { partitions[partition] = nil }

    mutating func adopt(partition: Int32, from other: any StateSlot) {
        // A copy of this slot is of this type; a slot of another logic has nothing to give.
        guard let other = other as? Self else { return }
        partitions[partition] = other.partitions[partition]
    }

    func count(partition: Int32) -> Int { partitions[partition]?.states.count ?? 0 }
}
