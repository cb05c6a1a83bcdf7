/// The triggers of the `ServerMaintenance` diagram.
public enum MaintenanceTrigger: String, Sendable, Codable, Hashable, CaseIterable {
    case start, complete, fail, cancel
}
