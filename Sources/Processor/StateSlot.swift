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
    /// How many keys `partition` holds.
    func count(partition: Int32) -> Int
}

/// A `StateSlot` for one `RoleLogic`.
struct Slot<Logic: RoleLogic>: StateSlot {
    let logic: Logic
    var states: [Int32: [String: Logic.State]] = [:]
    var changed: [Int32: Set<String>] = [:]
    /// Per partition and key, the log offset the state reflects (nil: restored from a record without one).
    var offsets: [Int32: [String: Int64]] = [:]
    /// Per partition and key, the ids of the last events of maintenanced's own roles it took
    /// (applied or rejected): a copy sent again by a role that replayed its input after a
    /// restart has the same id, and is recognised instead of answered again.
    var recent: [Int32: [String: [String]]] = [:]
    /// How many such ids a key keeps.
    static var recentLimit: Int { 16 }
    /// Per partition, the keys that have a deadline, with it: a tick looks at these only,
    /// not at every key (a fleet of idle servers costs a tick nothing).
    var deadlines: [Int32: [String: Instant]] = [:]

    init(_ logic: Logic) { self.logic = logic }

    var inputTopics: [String] { logic.inputTopics }
    var changelogTopic: String { logic.changelogTopic }
    var takesTicks: Bool { logic.takesTicks }

    mutating func step(_ event: InboundEvent, partition: Int32, offset: Int64, at now: Instant) throws(EventDecodingError) -> StepOutcome {
        if let reflected = offsets[partition]?[event.key], offset <= reflected { return .ignored }
        let ownEvent = Role(source: event.event.source) != nil
        if ownEvent, recent[partition]?[event.key]?.contains(event.event.id) == true { return .ignored }
        var state = states[partition]?[event.key]
        let outcome = try logic.step(event, state: &state, at: now)
        if ownEvent, case .ignored = outcome {} else if ownEvent, state != nil {
            var ids = recent[partition]?[event.key] ?? []
            ids.append(event.event.id)
            if ids.count > Self.recentLimit { ids.removeFirst(ids.count - Self.recentLimit) }
            recent[partition, default: [:]][event.key] = ids
            changed[partition, default: []].insert(event.key)
            offsets[partition, default: [:]][event.key] = offset
        }
        if case .applied = outcome, let state {
            states[partition, default: [:]][event.key] = state
            changed[partition, default: []].insert(event.key)
            offsets[partition, default: [:]][event.key] = offset
            noteDeadline(of: state, key: event.key, partition: partition, after: now)
        }
        return outcome
    }

    func hasDeadline(partition: Int32, atOrBefore now: Instant) -> Bool {
        logic.takesTicks && deadlines[partition]?.values.contains { $0 <= now } == true
    }

    mutating func tick(partition: Int32, offset: Int64, at now: Instant) -> [(key: String, events: [OutgoingEvent])] {
        guard logic.takesTicks, let candidates = deadlines[partition] else { return [] }
        var results: [(key: String, events: [OutgoingEvent])] = []
        for key in candidates.filter({ $0.value <= now }).keys.sorted() {
            guard var state = states[partition]?[key] else {
                deadlines[partition]?[key] = nil
                continue
            }
            if let reflected = offsets[partition]?[key], offset <= reflected { continue }
            // A window's opening is computed from the time asked: ask again now.
            let deadline = logic.nextDeadline(of: state, after: now)
            guard let deadline, deadline <= now else {
                deadlines[partition]?[key] = deadline
                continue
            }
            let events = logic.tick(key: key, state: &state, at: now)
            states[partition]?[key] = state
            changed[partition, default: []].insert(key)
            offsets[partition, default: [:]][key] = offset
            noteDeadline(of: state, key: key, partition: partition, after: now)
            if !events.isEmpty { results.append((key, events)) }
        }
        return results
    }

    /// Files the key under its next deadline, or takes it out of the index if it has none.
    private mutating func noteDeadline(of state: Logic.State, key: String, partition: Int32, after now: Instant) {
        guard logic.takesTicks else { return }
        if let deadline = logic.nextDeadline(of: state, after: now) {
            deadlines[partition, default: [:]][key] = deadline
        } else {
            deadlines[partition]?[key] = nil
        }
    }

    mutating func takeChanges(partition: Int32) throws(StateEncodingError) -> [(key: String, value: [UInt8], offset: Int64, recent: [String])] {
        guard let keys = changed.removeValue(forKey: partition) else { return [] }
        let encoder = JSONValueEncoder()
        var changes: [(key: String, value: [UInt8], offset: Int64, recent: [String])] = []
        for key in keys.sorted() {
            guard let state = states[partition]?[key] else { continue }
            do {
                changes.append((key, try encoder.encodeBytes(state), offsets[partition]?[key] ?? -1, recent[partition]?[key] ?? []))
            } catch {
                throw StateEncodingError(changelog: logic.changelogTopic, partition: partition, key: key, reason: "\(error)")
            }
        }
        return changes
    }

    mutating func restore(partition: Int32, key: String, value: [UInt8], offset: Int64?, recent ids: [String]) throws {
        // A late write (an instance its group had expelled) may come after a newer one: keep the newer.
        if let held = offsets[partition]?[key], let offset, offset < held { return }
        var state = try JSONValueDecoder().decode(Logic.State.self, from: value)
        logic.configure(&state)
        states[partition, default: [:]][key] = state
        offsets[partition, default: [:]][key] = offset
        recent[partition, default: [:]][key] = ids.isEmpty ? nil : ids
        // Stream time is not known here: a window opening comes out in the past, so the
        // first tick asks again with the time it has.
        noteDeadline(of: state, key: key, partition: partition, after: Instant(millisecondsSinceEpoch: 0))
    }

    mutating func drop(partition: Int32) {
        states[partition] = nil
        changed[partition] = nil
        deadlines[partition] = nil
        offsets[partition] = nil
        recent[partition] = nil
    }

    func count(partition: Int32) -> Int { states[partition]?.count ?? 0 }
}
