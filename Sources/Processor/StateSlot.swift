import Contracts
import Events
import Lifecycle

/// The states of one logic, per partition, with what changed since the last changelog write.
protocol StateSlot: Sendable {
    var inputTopics: [String] { get }
    var changelogTopic: String { get }
    var takesTicks: Bool { get }
    /// Applies an event to the state of its key in `partition`.
    mutating func step(_ event: InboundEvent, partition: Int32, at now: Instant) throws(EventDecodingError) -> StepOutcome
    /// Ticks every key of `partition` whose deadline has come; the events per key, in key order.
    mutating func tick(partition: Int32, at now: Instant) -> [(key: String, events: [OutgoingEvent])]
    /// The changed states of `partition` as changelog values, and forgets that they changed.
    /// Throws if a state cannot be encoded: leaving it out would put the changelog behind
    /// the transitions already sent.
    mutating func takeChanges(partition: Int32) throws(StateEncodingError) -> [(key: String, value: [UInt8])]
    /// Replaces the state of `key` with a changelog value.
    mutating func restore(partition: Int32, key: String, value: [UInt8]) throws
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
    /// Per partition, the keys that have a deadline, with it: a tick looks at these only,
    /// not at every key (a fleet of idle servers costs a tick nothing).
    var deadlines: [Int32: [String: Instant]] = [:]

    init(_ logic: Logic) { self.logic = logic }

    var inputTopics: [String] { logic.inputTopics }
    var changelogTopic: String { logic.changelogTopic }
    var takesTicks: Bool { logic.takesTicks }

    mutating func step(_ event: InboundEvent, partition: Int32, at now: Instant) throws(EventDecodingError) -> StepOutcome {
        var state = states[partition]?[event.key]
        let outcome = try logic.step(event, state: &state, at: now)
        if case .applied = outcome, let state {
            states[partition, default: [:]][event.key] = state
            changed[partition, default: []].insert(event.key)
            noteDeadline(of: state, key: event.key, partition: partition, after: now)
        }
        return outcome
    }

    mutating func tick(partition: Int32, at now: Instant) -> [(key: String, events: [OutgoingEvent])] {
        guard logic.takesTicks, let candidates = deadlines[partition] else { return [] }
        var results: [(key: String, events: [OutgoingEvent])] = []
        for key in candidates.filter({ $0.value <= now }).keys.sorted() {
            guard var state = states[partition]?[key] else {
                deadlines[partition]?[key] = nil
                continue
            }
            // A window's opening is computed from the time asked: ask again now.
            let deadline = logic.nextDeadline(of: state, after: now)
            guard let deadline, deadline <= now else {
                deadlines[partition]?[key] = deadline
                continue
            }
            let events = logic.tick(key: key, state: &state, at: now)
            states[partition]?[key] = state
            changed[partition, default: []].insert(key)
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

    mutating func takeChanges(partition: Int32) throws(StateEncodingError) -> [(key: String, value: [UInt8])] {
        guard let keys = changed.removeValue(forKey: partition) else { return [] }
        let encoder = JSONValueEncoder()
        var changes: [(key: String, value: [UInt8])] = []
        for key in keys.sorted() {
            guard let state = states[partition]?[key] else { continue }
            do {
                changes.append((key, try encoder.encodeBytes(state)))
            } catch {
                throw StateEncodingError(changelog: logic.changelogTopic, partition: partition, key: key, reason: "\(error)")
            }
        }
        return changes
    }

    mutating func restore(partition: Int32, key: String, value: [UInt8]) throws {
        var state = try JSONValueDecoder().decode(Logic.State.self, from: value)
        logic.configure(&state)
        states[partition, default: [:]][key] = state
        // Stream time is not known here: a window opening comes out in the past, so the
        // first tick asks again with the time it has.
        noteDeadline(of: state, key: key, partition: partition, after: Instant(millisecondsSinceEpoch: 0))
    }

    mutating func drop(partition: Int32) {
        states[partition] = nil
        changed[partition] = nil
        deadlines[partition] = nil
    }

    func count(partition: Int32) -> Int { states[partition]?.count ?? 0 }
}
