/// The triggers of the maintenance state diagram.
public enum EvacuationTrigger: String, Sendable, Hashable, CaseIterable {
    case evacuationTriggered, evacuationCompleted, restoreTriggered, restoreCompleted
    /// Beyond the seed: the member left its cluster and no evacuation or restore is outstanding;
    /// it has nothing to restore (its instances stay with the cluster).
    case leftCluster
}
