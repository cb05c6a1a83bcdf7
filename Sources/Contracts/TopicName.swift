import Lifecycle

/// The topics maintenanced uses (docs/EVENTS.md), as declared under `topics/`.
public enum TopicName {
    /// Requests for the maintenance scheduler: maintenances, approvals, boot-config and lease traffic.
    public static let maintenanceRequests = "maintenance.requests"
    /// What happens to a server, as its agents, pollers and adapters report it.
    public static let serverLifecycle = "server.lifecycle"
    /// Reports of the BMC adapters.
    public static let powerEvents = "power.events"
    /// Power commands for the power controller.
    public static let powerCommands = "power.commands"
    /// The state transitions the three roles emit.
    public static let serverTransitions = "server.transitions"
    /// Requests for the downstream operators (boot config, BMC, Incus, OS update, maintenance, claim owners).
    public static let operatorRequests = "operator.requests"
    /// Rolling-update coordination, keyed by cluster id.
    public static let clusterRollouts = "cluster.rollouts"
    /// Input that could not be processed, kept with the reason.
    public static let deadLetter = "maintenanced.deadletter"

    /// Which of two inputs with the same record timestamp a role folds first: what servers,
    /// adapters and roles report before what someone asks for. Timestamps have millisecond
    /// resolution, so a claim produced and acknowledged before a maintenance request is often
    /// stamped with the request's millisecond; folded first, the claim restricts the request as
    /// it would have a millisecond earlier (the stricter reading), instead of the request
    /// starting a maintenance no owner approved.
    public static let tieOrder = [serverLifecycle, powerEvents, serverTransitions, clusterRollouts, powerCommands, maintenanceRequests]

    /// Whether `a` goes before `b` on a tie in time: by `tieOrder`, topics it does not name
    /// after those it does, by name.
    public static func precedesOnTie(_ a: String, _ b: String) -> Bool {
        let rank = { (topic: String) in tieOrder.firstIndex(of: topic) ?? tieOrder.count }
        return (rank(a), a) < (rank(b), b)
    }

    /// A role's input log: its inputs from every topic, and its ticks, in the one order
    /// it folds them (see the runtime's `Sequencer`). Internal to the role.
    public static func input(of role: Role) -> String { "\(role.rawValue).input" }
    /// The changelog of a role's per-server state.
    public static func changelog(of role: Role) -> String { "\(role.rawValue).state" }
    /// The changelog of the per-cluster rollout state.
    public static let rolloutState = "rollout.state"
}
