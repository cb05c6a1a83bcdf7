/// Whether a maintenance waits for the owner of a claimed server to approve it.
public enum MaintenancePolicy: String, Sendable, Hashable, CaseIterable {
    /// A claimed server needs `ok-to-maintenance` first (the default).
    case ownerApproval
    /// The maintenance starts without approval.
    case enforced
}
