/// The triggers of the `ServerMaintenance` diagram.
public enum MaintenanceTrigger: String, Sendable, Hashable, CaseIterable {
    case start, complete, fail, cancel
}
