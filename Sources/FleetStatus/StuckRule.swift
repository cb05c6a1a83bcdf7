import Lifecycle

/// When a server is stuck, computed from its lifecycle states only:
///
/// - **failed**: its update cycle failed (update state Failed), or it is Offline (unresponsive);
/// - **overdue**: a wait is past its deadline by more than `overdueGrace`: the timeout that
///   should retry or fail the step has not been decided (no clock tick reaches the partition);
/// - **long wait**: the same attempt of the same step has been waited for longer than `after`.
public struct StuckRule: Sendable, Hashable {
    /// How long one attempt of a wait may last before the server counts as stuck.
    public var after: Milliseconds
    /// How far past its deadline a wait may be before it counts as overdue.
    public var overdueGrace: Milliseconds

    /// A rule; by default a wait longer than 5 minutes, or 30 seconds past its deadline.
    public init(after: Milliseconds = .minutes(5), overdueGrace: Milliseconds = .seconds(30)) {
        self.after = after
        self.overdueGrace = overdueGrace
    }
}
