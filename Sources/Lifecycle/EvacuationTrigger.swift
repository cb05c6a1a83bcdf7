/// The triggers of the maintenance state diagram.
public enum EvacuationTrigger: String, Sendable, Codable, Hashable, CaseIterable {
    case evacuationTriggered, evacuationCompleted, restoreTriggered, restoreCompleted
}
