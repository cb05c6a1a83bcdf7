/// The state of one `ServerMaintenance` (seed: Pending, InMaintenance, Complete; plus
/// Failed and Cancelled).
public enum MaintenanceStatus: String, DiagramState, CaseIterable {
    case pending, inMaintenance, complete, failed, cancelled

    /// The seed's name of the state.
    public var label: String {
        switch self {
        case .pending: "Pending"
        case .inMaintenance: "InMaintenance"
        case .complete: "Complete"
        case .failed: "Failed"
        case .cancelled: "Cancelled"
        }
    }

    public var diagramNode: DiagramNode { .state("Maintenance" + label, label) }
}

extension MaintenanceStatus {
    /// The `ServerMaintenance` state diagram, kept as data.
    public static let table = TransitionTable<MaintenanceStatus, MaintenanceTrigger>([
        .init(.pending, .start, "approved (ok-to-maintenance, enforced or alwaysPerformMaintenance), its turn, in window", .inMaintenance),
        .init(.inMaintenance, .complete, "maintenance operator: complete", .complete),
        .init(.inMaintenance, .fail, "failed or timed out", .failed),
        .init(.pending, .fail, "approval not given in time", .failed),
        .init(.pending, .cancel, "cancelled", .cancelled),
        .init(.inMaintenance, .cancel, "cancelled", .cancelled),
    ])
}
