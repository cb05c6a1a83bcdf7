/// A server's maintenance (evacuation) state, owned by the update orchestrator.
public enum MaintenanceState: String, DiagramState, CaseIterable {
    case notInMaintenance, evacuating, evacuated, restoring

    /// The seed's name of the state.
    public var label: String {
        switch self {
        case .notInMaintenance: "not in maintenance"
        case .evacuating: "evacuating"
        case .evacuated: "evacuated"
        case .restoring: "restoring"
        }
    }

    public var diagramNode: DiagramNode {
        .state("InMaintenance" + rawValue.prefix(1).uppercased() + rawValue.dropFirst(), label)
    }
}

extension MaintenanceState {
    /// The seed's maintenance state diagram, kept as data.
    public static let table = TransitionTable<MaintenanceState, EvacuationTrigger>([
        .init(.notInMaintenance, .evacuationTriggered, "evacuation triggered", .evacuating),
        .init(.evacuating, .evacuationCompleted, "evacuation completed life cycle event received", .evacuated),
        .init(.evacuated, .restoreTriggered, "restore triggered", .restoring),
        .init(.restoring, .restoreCompleted, "restore completed life cycle event received", .notInMaintenance),
        // Beyond the seed: a member that left its cluster has nothing to restore.
        .init(.evacuating, .leftCluster, "left the cluster", .notInMaintenance),
        .init(.evacuated, .leftCluster, "left the cluster", .notInMaintenance),
        .init(.restoring, .leftCluster, "left the cluster", .notInMaintenance),
    ])
}
