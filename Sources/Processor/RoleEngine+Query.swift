import Lifecycle

/// Read-only access to the decoded states, for the status API: what a key's state is,
/// and every state the engine holds. Values are copied out (dictionaries are
/// copy-on-write: a copy costs nothing until the engine next changes the partition).
extension RoleEngine {
    /// The state of `key` in the slot whose states are `State` (nil: not held here).
    public func queryState<State: Sendable>(_ type: State.Type, key: String) -> State? {
        for slot in slots {
            guard let slot = slot as? any QueryableSlot, let state = slot.anyState(key: key) as? State else { continue }
            return state
        }
        return nil
    }

    /// Every state of type `State` held, per partition and key.
    public func queryStates<State: Sendable>(_ type: State.Type) -> [Int32: [String: State]] {
        for slot in slots {
            guard let slot = slot as? any QueryableSlot, let states = slot.anyStates() as? [Int32: [String: State]] else { continue }
            return states
        }
        return [:]
    }
}

/// A slot whose states can be read out without knowing its logic.
private protocol QueryableSlot {
    func anyState(key: String) -> (any Sendable)?
    func anyStates() -> any Sendable
}

extension Slot: QueryableSlot {
    func anyState(key: String) -> (any Sendable)? {
        for partition in partitions.values { if let state = partition.entries[key]?.state { return state } }
        return nil
    }

    func anyStates() -> any Sendable { partitions.mapValues { $0.entries.compactMapValues(\.state) } }
}
