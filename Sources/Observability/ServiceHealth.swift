import Lifecycle
import MaintenancedConfiguration
import NIOConcurrencyHelpers

/// What `/healthz` and `/readyz` answer: set by the runtime, read by the HTTP service.
///
/// The process is alive until ``markNotAlive(reason:)`` (a stuck poll loop, say),
/// and ready when every role it runs has joined its group and restored its
/// partitions, and it is not shutting down. A rebalance sets a role back to
/// not restored until its new partitions are restored.
public final class ServiceHealth: Sendable {
    private struct State {
        var roles: [Role: RoleReadiness]
        var notAliveReason: String?
        var shuttingDown = false
    }

    private let state: NIOLockedValueBox<State>

    /// Health for a process running `roles` (none joined yet).
    public init(roles: [Role]) {
        state = NIOLockedValueBox(State(roles: Dictionary(uniqueKeysWithValues: roles.map { ($0, RoleReadiness()) })))
    }

    /// Records whether `role`'s consumer has joined its group (false on leaving or losing it).
    public func setJoinedGroup(_ joined: Bool, for role: Role) {
        state.withLockedValue { $0.roles[role, default: RoleReadiness()].joinedGroup = joined }
    }

    /// Records whether `role` has restored the state of all its assigned partitions
    /// (false when a rebalance gives it partitions to restore).
    public func setPartitionsRestored(_ restored: Bool, for role: Role) {
        state.withLockedValue { $0.roles[role, default: RoleReadiness()].partitionsRestored = restored }
    }

    /// Makes `/readyz` fail from now on, so that traffic and probes stop before the process leaves.
    public func markShuttingDown() {
        state.withLockedValue { $0.shuttingDown = true }
    }

    /// Makes `/healthz` fail with `reason`, so that Kubernetes restarts the process.
    public func markNotAlive(reason: String) {
        state.withLockedValue { $0.notAliveReason = reason }
    }

    /// The readiness of each role the process runs.
    public var roles: [Role: RoleReadiness] { state.withLockedValue { $0.roles } }

    /// Whether every role is ready and the process is not shutting down.
    public var isReady: Bool {
        state.withLockedValue { state in !state.shuttingDown && state.roles.values.allSatisfy(\.isReady) }
    }

    /// Whether the process is alive, and if not, why.
    public var liveness: (alive: Bool, reason: String?) {
        state.withLockedValue { ($0.notAliveReason == nil, $0.notAliveReason) }
    }

    /// Whether the process is shutting down.
    public var isShuttingDown: Bool { state.withLockedValue { $0.shuttingDown } }
}
