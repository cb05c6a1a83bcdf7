/// The three consumers of maintenanced (docs/ARCHITECTURE.md): each its own consumer group,
/// owning one part of a server's state and the only one emitting transitions for it. The raw
/// values are the names used in configuration, on the command line, in logs and in metrics labels.
public enum Role: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// The maintenance scheduler: ServerMaintenance queues, approvals, operational state, the disruption lease.
    case scheduler
    /// The power controller: server status and detail, desired and observed power.
    case power
    /// The update orchestrator: maintenance (evacuation) state, the update cycle, rolling updates per cluster.
    case update

    public var description: String { rawValue }
}
