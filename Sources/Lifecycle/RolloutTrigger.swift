/// The triggers of the cluster rollout.
public enum RolloutTrigger: String, Sendable, Hashable, CaseIterable {
    case request, release, setLimit
}
