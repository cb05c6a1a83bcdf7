/// The three consumers of maintenanced (docs/ARCHITECTURE.md): each its own consumer group,
/// owning one part of a server's state and the only one emitting transitions for it.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// The maintenance scheduler: ServerMaintenance queues, approvals, operational state, the disruption lease.
    case scheduler
    /// The power controller: server status and detail, desired and observed power.
    case power
    /// The update orchestrator: maintenance (evacuation) state, the update cycle, rolling updates per cluster.
    case update

    /// The CloudEvents `source` of the events this role emits.
    public var source: String { "/maintenanced/\(rawValue)" }

    /// The default consumer group of the role.
    public var defaultGroup: String { "maintenanced-\(rawValue)" }

    /// The role that emitted an event, from its `source`; nil for outside producers.
    public init?(source: String) {
        guard source.hasPrefix("/maintenanced/") else { return nil }
        self.init(rawValue: String(source.dropFirst("/maintenanced/".count)))
    }
}
