/// The triggers of the cluster rollout.
public enum RolloutTrigger: String, Sendable, Codable, Hashable, CaseIterable {
    case request, release, setLimit
}
