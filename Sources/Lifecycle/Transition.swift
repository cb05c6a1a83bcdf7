/// One arrow of a transition table: from a state, on a trigger, to a state.
///
/// `via` lists the choice pseudo-states the arrow passes through with their guards,
/// so the update cycle's `if_requires_reboot` and `if_incus` are kept as data.
public struct Transition<State: DiagramState, Trigger: Hashable & Sendable>: Sendable, Hashable {
    /// The state the arrow leaves.
    public var from: State
    /// The input kind that takes it.
    public var trigger: Trigger
    /// The label of the arrow in the diagram (the seed's wording where the seed has it).
    public var label: String
    /// Choice nodes passed on the way, each with the guard label of the arrow leaving it.
    public var via: [Choice]
    /// The state the arrow reaches.
    public var to: State

    /// A choice pseudo-state passed by an arrow, with the guard leading out of it.
    public struct Choice: Sendable, Hashable {
        /// The choice node's id.
        public var id: String
        /// The guard of the arrow leaving the choice.
        public var guardLabel: String
    }

    /// Creates an arrow.
    public init(_ from: State, _ trigger: Trigger, _ label: String, _ to: State, via: [Choice] = []) {
        self.from = from
        self.trigger = trigger
        self.label = label
        self.via = via
        self.to = to
    }
}
