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
