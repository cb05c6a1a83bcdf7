import Contracts
import Events
import Lifecycle

/// The states of one logic, per partition, with what changed since the last changelog write.
protocol StateSlot: Sendable {
    var inputTopics: [String] { get }
    var changelogTopic: String { get }
    var takesTicks: Bool { get }
    /// Applies an event, at `position` of the role's log, to the state of its key in `partition`;
    /// ignored when the key's state already reflects that position.
    mutating func step(_ event: InboundEvent, partition: Int32, position: LogPosition, at now: Instant) throws(EventDecodingError) -> StepOutcome
    /// Whether a key of `partition` has a deadline at or before `now` (a tick at `now` would reach it).
    func hasDeadline(partition: Int32, atOrBefore now: Instant) -> Bool
    /// Ticks every key of `partition` whose deadline has come (the tick at `position` of the
    /// role's log); the events per key, in key order.
    mutating func tick(partition: Int32, position: LogPosition, at now: Instant) -> [(key: String, events: [OutgoingEvent])]
    /// The changed states of `partition` as changelog values with the log offset each
    /// reflects, and forgets that they changed. Throws if a state cannot be encoded:
    /// leaving it out would put the changelog behind the transitions already sent.
    mutating func takeChanges(partition: Int32) throws(StateEncodingError) -> [(key: String, value: [UInt8], offset: Int64, recent: RecentEvents)]
    /// Every state of `partition` as a changelog value, as `takeChanges` gives the changed ones.
    func states(partition: Int32) throws(StateEncodingError) -> [(key: String, value: [UInt8], offset: Int64, recent: RecentEvents)]
    /// Whether a state of `partition` changed since the last `takeChanges`.
    func hasChanges(partition: Int32) -> Bool
    /// Takes a changelog value for `key` unless the state held reflects a later log offset;
    /// `recent` are the ids of the service's own events it last took.
    mutating func restore(partition: Int32, key: String, value: [UInt8], offset: Int64?, recent: RecentEvents) throws
    /// Forgets `partition` (revoked).
    mutating func drop(partition: Int32)
    /// Takes `partition` as `other` holds it: a copy of this slot that restored it apart.
    mutating func adopt(partition: Int32, from other: any StateSlot)
    /// How many keys `partition` holds.
    func count(partition: Int32) -> Int
    /// The bytes of `partition`'s states as last written to or read from the changelog.
    func encodedBytes(partition: Int32) -> Int
}

/// A `StateSlot` for one `RoleLogic`.
///
/// Called through `any StateSlot`, its methods would run unspecialised: every dictionary
/// access and copy of a `Logic.State` through witness tables. `@_specialize` on the
/// per-event methods gives each logic of the service its own compiled copy, which the
/// generic entry point jumps to (about a tenth of the fold, in the benchmark's fold section).
struct Slot<Logic: RoleLogic>: StateSlot {
    /// What is held of one key: its state, the log position it reflects and the ids of the
    /// service's own events it last took, together, so that an event costs one lookup of
    /// its key instead of one per table (BENCHMARKS.md, session 17).
    struct Entry: Sendable {
        /// Never nil in the table: taken out only while a step runs, so that the machine's
        /// storage is referenced once and changes in place instead of being copied.
        var state: Logic.State?
        /// The log position the state reflects (none: restored from a record without one).
        var position: LogPosition?
        /// The ids of the last events of maintenanced's own roles the key took (applied or
        /// rejected): a copy sent again by a role that replayed its input after a restart has
        /// the same id, and is recognised instead of answered again.
        var recent = RecentEvents()
        /// The size of the state's changelog value as last written or restored (0: not yet written).
        var encodedSize: Int32 = 0
    }

    /// Everything held of one partition's keys.
    struct Partition: Sendable {
        var entries: [String: Entry] = [:]
        /// The keys changed since the last changelog write.
        var changed: Set<String> = []
        /// The keys that have a deadline, with it: a tick looks at these only, not at every
        /// key (a fleet of idle servers costs a tick nothing).
        var deadlines: [String: Instant] = [:]
        /// The sum of the entries' `encodedSize`.
        var encodedBytes = 0

        /// Applies `event` to its key's state; see `StateSlot.step`.
        mutating func step(_ event: InboundEvent, ownEvent: Bool, position: LogPosition, logic: Logic, at now: Instant) throws(EventDecodingError) -> StepOutcome {
            let key = event.key
            let index = entries.index(forKey: key)
            var state: Logic.State?
            if let index {
                if let reflected = entries.values[index].position, position <= reflected { return .ignored }
                if ownEvent, entries.values[index].recent.contains(event.event.id) { return .ignored }
                state = entries.values[index].state.take()
            }
            let outcome: StepOutcome
            do throws(EventDecodingError) {
                outcome = try logic.step(event, state: &state, at: now)
            } catch {
                if let index { entries.values[index].state = state }
                throw error
            }
            // A logic changes `state` only when it applies the event (`RoleLogic.step`).
            let applied: Bool
            let ignored: Bool
            switch outcome {
            case .applied: (applied, ignored) = (state != nil, false)
            case .ignored: (applied, ignored) = (false, true)
            case .rejected: (applied, ignored) = (false, false)
            }
            let recorded = ownEvent && !ignored && state != nil
            guard applied || recorded, let state else {
                if let index { entries.values[index].state = state }
                return outcome
            }
            if let index {
                entries.values[index].state = state
                entries.values[index].position = position
                if recorded { entries.values[index].recent.remember(event.event.id, limit: RoleEngine.recentLimit) }
            } else {
                var entry = Entry(state: state, position: position)
                if recorded { entry.recent.remember(event.event.id, limit: RoleEngine.recentLimit) }
                entries[key] = entry
            }
            changed.insert(key)
            if applied { noteDeadline(of: state, key: key, logic: logic, after: now) }
            return outcome
        }

        /// The changed states as changelog values, in key order, each noted with its size; forgets that
        /// they changed (keeping the set's room for the next round's). One lookup of each key.
        mutating func takeChanges(changelog: String, partition: Int32) throws(StateEncodingError) -> [(key: String, value: [UInt8], offset: Int64, recent: RecentEvents)] {
            guard !changed.isEmpty else { return [] }
            let keys = changed.sorted()
            changed.removeAll(keepingCapacity: true)
            var changes: [(key: String, value: [UInt8], offset: Int64, recent: RecentEvents)] = []
            changes.reserveCapacity(keys.count)
            for key in keys {
                guard let index = entries.index(forKey: key), let state = entries.values[index].state else { continue }
                let value: [UInt8]
                do {
                    value = try state.changelogValue()
                } catch {
                    throw StateEncodingError(changelog: changelog, partition: partition, key: key, reason: "\(error)")
                }
                let size = Int32(clamping: value.count)
                encodedBytes += Int(size) - Int(entries.values[index].encodedSize)
                entries.values[index].encodedSize = size
                changes.append((key, value, entries.values[index].position?.offset ?? -1, entries.values[index].recent))
            }
            return changes
        }

        /// Files `key` under its next deadline, or takes it out of the index if it has none.
        mutating func noteDeadline(of state: Logic.State, key: String, logic: Logic, after now: Instant) {
            guard logic.takesTicks else { return }
            deadlines[key] = logic.nextDeadline(of: state, after: now)
        }
    }

    let logic: Logic
    var partitions: [Int32: Partition] = [:]
    init(_ logic: Logic) { self.logic = logic }

    var inputTopics: [String] { logic.inputTopics }
    var changelogTopic: String { logic.changelogTopic }
    var takesTicks: Bool { logic.takesTicks }

    @_specialize(where Logic == SchedulerLogic)
    @_specialize(where Logic == PowerLogic)
    @_specialize(where Logic == UpdateLogic)
    @_specialize(where Logic == RolloutLogic)
    mutating func step(_ event: InboundEvent, partition: Int32, position: LogPosition, at now: Instant) throws(EventDecodingError) -> StepOutcome {
        let ownEvent = Role(source: event.event.source) != nil
        return try partitions[partition, default: Partition()].step(event, ownEvent: ownEvent, position: position, logic: logic, at: now)
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
    mutating func tick(partition: Int32, position: LogPosition, at now: Instant) -> [(key: String, events: [OutgoingEvent])] {
        guard logic.takesTicks, let candidates = partitions[partition]?.deadlines else { return [] }
        let logic = logic
        var results: [(key: String, events: [OutgoingEvent])] = []
        for key in candidates.filter({ $0.value <= now }).keys.sorted() {
            guard var entry = partitions[partition]?.entries[key], var state = entry.state else {
                partitions[partition]?.deadlines[key] = nil
                continue
            }
            if let reflected = entry.position, position <= reflected { continue }
            // A window's opening is computed from the time asked: ask again now.
            let deadline = logic.nextDeadline(of: state, after: now)
            guard let deadline, deadline <= now else {
                partitions[partition]?.deadlines[key] = deadline
                continue
            }
            let events = logic.tick(key: key, state: &state, at: now)
            (entry.state, entry.position) = (state, position)
            partitions[partition]?.entries[key] = entry
            partitions[partition]?.changed.insert(key)
            partitions[partition]?.noteDeadline(of: state, key: key, logic: logic, after: now)
            if !events.isEmpty { results.append((key, events)) }
        }
        return results
    }

    @_specialize(where Logic == SchedulerLogic)
    @_specialize(where Logic == PowerLogic)
    @_specialize(where Logic == UpdateLogic)
    @_specialize(where Logic == RolloutLogic)
    mutating func takeChanges(partition: Int32) throws(StateEncodingError) -> [(key: String, value: [UInt8], offset: Int64, recent: RecentEvents)] {
        let changelog = logic.changelogTopic
        return try partitions[partition]?.takeChanges(changelog: changelog, partition: partition) ?? []
    }

    func states(partition: Int32) throws(StateEncodingError) -> [(key: String, value: [UInt8], offset: Int64, recent: RecentEvents)] {
        guard let entries = partitions[partition]?.entries else { return [] }
        return try values(of: entries.keys, partition: partition)
    }

    func hasChanges(partition: Int32) -> Bool { partitions[partition]?.changed.isEmpty == false }

    /// The changelog values of `keys`, in key order.
    private func values(of keys: some Collection<String>, partition: Int32) throws(StateEncodingError) -> [(key: String, value: [UInt8], offset: Int64, recent: RecentEvents)] {
        // The partition looked up once, not once per key (each lookup took a copy of its value, retaining and releasing its tables).
        guard let entries = partitions[partition]?.entries else { return [] }
        var changes: [(key: String, value: [UInt8], offset: Int64, recent: RecentEvents)] = []
        changes.reserveCapacity(keys.count)
        for key in keys.sorted() {
            guard let entry = entries[key], let state = entry.state else { continue }
            do {
                changes.append((key, try state.changelogValue(), entry.position?.offset ?? -1, entry.recent))
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
    mutating func restore(partition: Int32, key: String, value: [UInt8], offset: Int64?, recent ids: RecentEvents) throws {
        // A late write (an instance its group had expelled) may come after a newer one: keep the newer.
        if let held = partitions[partition]?.entries[key]?.position, let offset, offset < held.offset { return }
        var state = try Logic.State(changelogValue: value)
        logic.configure(&state)
        let logic = logic
        let size = Int32(clamping: value.count)
        let replaced = partitions[partition]?.entries[key]?.encodedSize ?? 0
        partitions[partition, default: Partition()].entries[key] = Entry(state: state, position: offset.map(LogPosition.whole), recent: ids, encodedSize: size)
        partitions[partition]?.encodedBytes += Int(size) - Int(replaced)
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

    func count(partition: Int32) -> Int { partitions[partition]?.entries.count ?? 0 }

    func encodedBytes(partition: Int32) -> Int { partitions[partition]?.encodedBytes ?? 0 }
}
