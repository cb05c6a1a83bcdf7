/// A state that appears in a state diagram, with the id and label the seed uses.
public protocol DiagramState: Hashable, Sendable {
    /// The mermaid id of the state's node (e.g. `ServerReady`).
    var diagramNode: DiagramNode { get }
}

/// A node of a rendered state diagram: a named state or a choice pseudo-state.
public struct DiagramNode: Hashable, Sendable {
    /// The mermaid id (e.g. `ServerReady`, `if_incus`).
    public var id: String
    /// The label shown (the seed's state name); nil for a choice.
    public var label: String?

    /// A named state.
    public static func state(_ id: String, _ label: String) -> DiagramNode { DiagramNode(id: id, label: label) }
    /// A choice pseudo-state (`<<choice>>`).
    public static func choice(_ id: String) -> DiagramNode { DiagramNode(id: id, label: nil) }
}

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

/// A state machine's arrows kept as data: the machine consults it before it applies
/// an input, the tests sweep it, and `describe --mermaid` renders it.
public struct TransitionTable<State: DiagramState, Trigger: Hashable & Sendable>: Sendable {
    /// Every arrow, in the order they are rendered.
    public let transitions: [Transition<State, Trigger>]

    /// The targets of each (state, trigger), for lookups on every input.
    private let index: [Key: [State]]

    private struct Key: Hashable, Sendable {
        var from: State
        var trigger: Trigger
    }

    /// Creates a table from its arrows.
    public init(_ transitions: [Transition<State, Trigger>]) {
        self.transitions = transitions
        var index: [Key: [State]] = [:]
        for transition in transitions {
            index[Key(from: transition.from, trigger: transition.trigger), default: []].append(transition.to)
        }
        self.index = index
    }

    /// The states an input kind may lead to from `state`; empty when it has no arrow.
    public func targets(from state: State, on trigger: Trigger) -> [State] {
        index[Key(from: state, trigger: trigger)] ?? []
    }

    /// Whether `trigger` has an arrow from `state`.
    public func accepts(_ state: State, _ trigger: Trigger) -> Bool {
        index[Key(from: state, trigger: trigger)] != nil
    }

    /// Whether the table has the arrow `from` --`trigger`--> `to`.
    public func contains(from: State, _ trigger: Trigger, to: State) -> Bool {
        targets(from: from, on: trigger).contains(to)
    }

    /// The diagram of this table: nodes in first-use order, arrows with the same ends
    /// merged into one whose label joins theirs with `|`; unlabelled self-loops
    /// (view refreshes) are left out.
    public func diagram(title: String, initial: State? = nil) -> StateDiagram {
        var diagram = StateDiagram(title: title)
        if let initial { diagram.initial = initial.diagramNode.id }
        for transition in transitions where !(transition.from == transition.to && transition.label.isEmpty) {
            var from = transition.from.diagramNode
            var label = transition.label
            diagram.add(node: from)
            for choice in transition.via {
                let node = DiagramNode.choice(choice.id)
                diagram.add(node: node)
                diagram.add(from: from.id, to: node.id, label: label)
                from = node
                label = choice.guardLabel
            }
            let to = transition.to.diagramNode
            diagram.add(node: to)
            diagram.add(from: from.id, to: to.id, label: label)
        }
        return diagram
    }
}
