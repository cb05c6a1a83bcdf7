/// One event of `server.transitions` as the simulator saw it: its id, its type and
/// a one-line summary that two runs can compare.
public struct TransitionRecord: Sendable, Hashable, CustomStringConvertible {
    /// The CloudEvents id (derived from the input that caused it).
    public var id: String
    /// The CloudEvents type without the `dev.maintenanced.` prefix.
    public var type: String
    /// What changed, e.g. `status Pending/none → Ready/none (configurationDone)`.
    public var summary: String
    /// The role that emitted it (`scheduler`, `power`, `update`).
    public var role: String
    /// For a state change: which state (`status`, `power`, `maintenance-state`,
    /// `update-state`, `operational`, `slot`, or `maintenance <namespace/name>`),
    /// and its value before and after; nil for other events.
    public var change: (aspect: String, from: String, to: String)?

    public init(id: String, type: String, summary: String, role: String, change: (aspect: String, from: String, to: String)? = nil) {
        self.id = id
        self.type = type
        self.summary = summary
        self.role = role
        self.change = change
    }

    public static func == (a: TransitionRecord, b: TransitionRecord) -> Bool {
        a.id == b.id && a.type == b.type && a.summary == b.summary && a.role == b.role
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
    }

    public var description: String { summary }
}
