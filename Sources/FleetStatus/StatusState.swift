import Lifecycle

/// The states the status API reads, one changelog topic each: a role's per-server state, or
/// the update orchestrator's per-cluster rollouts. The raw values name them in
/// `/v1/local/{state}` and in what the API could not read (`unavailable`).
public enum StatusState: String, Sendable, Hashable, CaseIterable, Comparable {
    /// `scheduler.state`: the maintenance scheduler's per-server state.
    case scheduler
    /// `power.state`: the power controller's per-server state.
    case power
    /// `update.state`: the update orchestrator's per-server state.
    case update
    /// `rollout.state`: the update orchestrator's per-cluster rollouts.
    case rollout

    /// The per-server state of `role`.
    public init(_ role: Role) {
        switch role {
        case .scheduler: self = .scheduler
        case .power: self = .power
        case .update: self = .update
        }
    }

    /// The role (consumer group) that owns this state.
    public var role: Role {
        switch self {
        case .scheduler: .scheduler
        case .power: .power
        case .update, .rollout: .update
        }
    }

    /// The changelog topic holding this state.
    public var changelogTopic: String { self == .rollout ? "rollout.state" : "\(rawValue).state" }

    public static func < (lhs: StatusState, rhs: StatusState) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
