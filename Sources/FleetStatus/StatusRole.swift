/// The kinds of state the status API reads: one per changelog topic.
public enum StatusRole: String, Sendable, Hashable, CaseIterable, Comparable {
    /// `scheduler.state`: the maintenance scheduler's per-server state.
    case scheduler
    /// `power.state`: the power controller's per-server state.
    case power
    /// `update.state`: the update orchestrator's per-server state.
    case update
    /// `rollout.state`: the update orchestrator's per-cluster rollouts.
    case rollout

    /// The changelog topic holding this state.
    public var changelogTopic: String { self == .rollout ? "rollout.state" : "\(rawValue).state" }

    /// The service role (consumer group) that owns this state.
    public var serviceRole: String { self == .rollout ? "update" : rawValue }

    /// The per-server kinds.
    public static let serverParts: [StatusRole] = [.scheduler, .power, .update]

    public static func < (lhs: StatusRole, rhs: StatusRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
