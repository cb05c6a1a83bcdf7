import Lifecycle

/// A `StatusSource` over states already in hand: what `maintenanced get --from-changelog`
/// read from the compacted state topics, or what a test builds.
public struct SnapshotStatusSource: StatusSource {
    public var settings: StatusSettings
    /// The scheduler's states by server.
    public var scheduler: [String: MaintenanceScheduler]
    /// The power controller's states by server.
    public var power: [String: PowerController]
    /// The update orchestrator's states by server.
    public var update: [String: UpdateOrchestrator]
    /// The rollouts by cluster.
    public var rollout: [String: ClusterRollout]
    /// Transitions by server, oldest first.
    public var transitionsByServer: [String: [TransitionEntry]]
    /// Where the states came from (e.g. `changelog`), reported as each part's owner.
    public var origin: String

    /// A snapshot.
    public init(
        settings: StatusSettings = .init(), scheduler: [String: MaintenanceScheduler] = [:], power: [String: PowerController] = [:],
        update: [String: UpdateOrchestrator] = [:], rollout: [String: ClusterRollout] = [:],
        transitionsByServer: [String: [TransitionEntry]] = [:], origin: String = "changelog"
    ) {
        self.settings = settings
        self.scheduler = scheduler
        self.power = power
        self.update = update
        self.rollout = rollout
        self.transitionsByServer = transitionsByServer
        self.origin = origin
    }

    public func parts(of server: String) async -> ServerParts { parts(server) }

    public func allParts() async -> (servers: [ServerParts], unavailable: [StatusState: String]) {
        let ids = Set(scheduler.keys).union(power.keys).union(update.keys)
        return (ids.sorted().map(parts), [:])
    }

    public func rollouts() async -> (clusters: [ClusterStatusView], unavailable: [StatusState: String]) {
        (rollout.sorted { $0.key < $1.key }.map { ClusterStatusView(id: $0.key, rollout: $0.value, owner: origin) }, [:])
    }

    public func transitions(server: String?, limit: Int) async -> [TransitionEntry] {
        let entries = server.map { transitionsByServer[$0] ?? [] } ?? transitionsByServer.values.flatMap { $0 }.sorted { $0.time < $1.time }
        return Array(entries.suffix(limit))
    }

    /// The parts of `id`; every part was read (from `origin`), whether or not it holds state for the server.
    private func parts(_ id: String) -> ServerParts {
        let owners = Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, origin) })
        return ServerParts(id: id, scheduler: scheduler[id], power: power[id], update: update[id], owners: owners)
    }
}
