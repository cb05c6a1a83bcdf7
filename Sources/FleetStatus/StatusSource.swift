import Lifecycle

/// Where the status API gets the states from: a running instance (its own partitions,
/// and its peers' through the instance directory) or the changelog topics read directly.
public protocol StatusSource: Sendable {
    /// The settings the views apply.
    var settings: StatusSettings { get }
    /// The parts of one server, from whichever instances own them.
    func parts(of server: String) async -> ServerParts
    /// The parts of every server; `unavailable` names the roles (and why) that could not be read in full.
    func allParts() async -> (servers: [ServerParts], unavailable: [StatusState: String])
    /// Every cluster's rollout, with the instance that answered for it.
    func rollouts() async -> (clusters: [ClusterStatusView], unavailable: [StatusState: String])
    /// The latest transitions, newest last: of one server, or of the fleet when nil.
    func transitions(server: String?, limit: Int) async -> [TransitionEntry]
}
