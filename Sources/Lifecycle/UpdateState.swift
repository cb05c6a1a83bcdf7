/// Where a server is in its update cycle (seed: update state), derived from the
/// server status, the maintenance state, whether an update is available and whether
/// it requires a reboot; `failed` is the cycle's outcome when a step gives up.
public enum UpdateState: String, DiagramState, CaseIterable {
    case upToDate, updatePending, updating
    case evacuationPending, rebootPending, rebooting, evacuating
    case inMaintenanceRebootPending, inMaintenanceRebooting, inMaintenanceRestorePending, restoring
    case failed

    /// The seed's name of the state.
    public var label: String {
        switch self {
        case .upToDate: "Up to date"
        case .updatePending: "update pending"
        case .updating: "updating"
        case .evacuationPending: "Evacuation pending"
        case .rebootPending: "Reboot pending"
        case .rebooting: "Rebooting"
        case .evacuating: "Evacuating"
        case .inMaintenanceRebootPending: "In maintenance (reboot pending)"
        case .inMaintenanceRebooting: "In maintenance (rebooting)"
        case .inMaintenanceRestorePending: "In maintenance (restore pending)"
        case .restoring: "Restoring"
        case .failed: "Failed"
        }
    }

    /// The seed's mermaid id of the state.
    public var diagramNode: DiagramNode {
        let id =
            switch self {
            case .upToDate: "UpdateReady"
            case .updatePending: "UpdatePending"
            case .updating: "UpdateUpdating"
            case .evacuationPending: "UpdateNeedsEvacuation"
            case .rebootPending: "UpdateNeedsReboot"
            case .rebooting: "UpdateRebooting"
            case .evacuating: "UpdateEvacuating"
            case .inMaintenanceRebootPending: "UpdateInMaintenanceRebootPending"
            case .inMaintenanceRebooting: "UpdateInMaintenanceRebooting"
            case .inMaintenanceRestorePending: "UpdateInMaintenanceRestorePending"
            case .restoring: "UpdateRestoring"
            case .failed: "UpdateFailed"
            }
        return .state(id, label)
    }

    /// Whether the server is disrupted for the update (between evacuating and restoring, or rebooting).
    public var isDisruptive: Bool {
        switch self {
        case .rebooting, .evacuating, .inMaintenanceRebootPending, .inMaintenanceRebooting,
            .inMaintenanceRestorePending, .restoring:
            true
        case .upToDate, .updatePending, .updating, .evacuationPending, .rebootPending, .failed:
            false
        }
    }
}
