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
    mutating func takeChanges(partition: Int32) -> [(key: String, value: [UInt8])]
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
        }
        return outcome
    }

    mutating func tick(partition: Int32, at now: Instant) -> [(key: String, events: [OutgoingEvent])] {
        guard logic.takesTicks, let keys = states[partition]?.keys else { return [] }
        var results: [(key: String, events: [OutgoingEvent])] = []
        for key in keys.sorted() {
            guard var state = states[partition]?[key], let deadline = logic.nextDeadline(of: state, after: now), deadline <= now else {
                continue
            }
            let events = logic.tick(key: key, state: &state, at: now)
            states[partition]?[key] = state
            changed[partition, default: []].insert(key)
            if !events.isEmpty { results.append((key, events)) }
        }
        return results
    }

    mutating func takeChanges(partition: Int32) -> [(key: String, value: [UInt8])] {
        guard let keys = changed.removeValue(forKey: partition) else { return [] }
        let encoder = JSONValueEncoder()
        return keys.sorted().compactMap { key in
            guard let state = states[partition]?[key], let bytes = try? encoder.encodeBytes(state) else { return nil }
            return (key, bytes)
        }
    }

    mutating func restore(partition: Int32, key: String, value: [UInt8]) throws {
        var state = try JSONValueDecoder().decode(Logic.State.self, from: value)
        logic.configure(&state)
        states[partition, default: [:]][key] = state
    }

    mutating func drop(partition: Int32) {
        states[partition] = nil
        changed[partition] = nil
    }

    func count(partition: Int32) -> Int { states[partition]?.count ?? 0 }
}
