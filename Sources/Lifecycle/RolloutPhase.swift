/// The states of a cluster rollout.
public enum RolloutPhase: String, DiagramState, CaseIterable {
    case idle, rolling, full

    /// The label in the rendered diagram.
    public var label: String {
        switch self {
        case .idle: "Idle"
        case .rolling: "Rolling (slots free)"
        case .full: "Full (maxUnavailable reached)"
        }
    }

    public var diagramNode: DiagramNode { .state("Rollout" + label.prefix(while: { $0 != " " }), label) }
}
