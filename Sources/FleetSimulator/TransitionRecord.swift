/// One event of `server.transitions` as the simulator saw it: its id, its type and
/// a one-line summary that two runs can compare.
public struct TransitionRecord: Sendable, Hashable, CustomStringConvertible {
    /// A state change: which state, and its value before and after.
    public struct StateChange: Sendable, Hashable {
        /// `status`, `power`, `maintenance-state`, `update-state`, `operational`,
        /// `slot`, or `maintenance <namespace/name>`.
        public var aspect: String
        public var from: String
        public var to: String
    }

    /// The CloudEvents id (derived from the input that caused it).
    public var id: String
    /// The CloudEvents type without the `dev.maintenanced.` prefix.
    public var type: String
    /// What changed, e.g. `status Pending/none → Ready/none (configurationDone)`.
    public var summary: String
    /// The role that emitted it (`scheduler`, `power`, `update`).
    public var role: String
    /// The state change it reports; nil for other events.
    public var change: StateChange?
    /// Why, for a rejection: its `reason` (the state the event did not fit).
    public var reason: String?
    /// For a rejection: the id of the event rejected (its `eventId`), to tell a copy of an
    /// event already taken from another event.
    public var rejectedEvent: String?

    public init(
        id: String, type: String, summary: String, role: String, change: StateChange? = nil, reason: String? = nil, rejectedEvent: String? = nil
    ) {
        self.id = id
        self.type = type
        self.summary = summary
        self.role = role
        self.change = change
        self.reason = reason
        self.rejectedEvent = rejectedEvent
    }

    public var description: String { summary }
}
