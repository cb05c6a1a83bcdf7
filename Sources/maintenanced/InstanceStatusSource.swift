import Contracts
import Events
import FleetStatus
import Lifecycle
import Processor

/// The status source of a running instance: the states of the partitions its own roles
/// own, read through the runners' query API, and the others' asked of their owners
/// (`GET /v1/local/{kind}[/{key}]` on the owner's address from the instance directory).
/// The answer is assembled here, so any instance answers for any server (it proxies).
struct InstanceStatusSource: StatusSource {
    let settings: StatusSettings
    /// This process's runners, by the state kinds they hold (the update runner holds `update` and `rollout`).
    let runners: [StatusState: RoleRunner]
    /// This instance's HTTP address: the owner the answers name for the parts it holds.
    let address: InstanceAddress
    let directory: InstanceDirectory?
    let feed: TransitionFeed?
    /// Partition counts of the changelog topics.
    let partitionCounts: [String: Int32]
    let client = PeerClient(timeout: 3)

    init(
        settings: StatusSettings, runners: [Role: RoleRunner], address: InstanceAddress, directory: InstanceDirectory?, feed: TransitionFeed?,
        partitionCounts: [String: Int32]
    ) {
        self.settings = settings
        var byKind: [StatusState: RoleRunner] = [:]
        for kind in StatusState.allCases {
            if let runner = runners[kind.role] { byKind[kind] = runner }
        }
        self.runners = byKind
        self.address = address
        self.directory = directory
        self.feed = feed
        self.partitionCounts = partitionCounts
    }

    /// This instance's address as peers see it (known before the API answers anything: the
    /// server sets it when it listens).
    var here: String { address.current ?? "this instance" }

    func parts(of server: String) async -> ServerParts {
        var parts = ServerParts(id: server)
        parts.scheduler = await one(MaintenanceScheduler.self, .scheduler, key: server, into: &parts)
        parts.power = await one(PowerController.self, .power, key: server, into: &parts)
        parts.update = await one(UpdateOrchestrator.self, .update, key: server, into: &parts)
        return parts
    }

    /// Every server's parts; as in `parts(of:)`, each part names the instance that answered for
    /// its partition, whether or not it holds state for the server, or why it was not read.
    func allParts() async -> (servers: [ServerParts], unavailable: [StatusState: String]) {
        var unavailable: [StatusState: String] = [:]
        let scheduler = await all(MaintenanceScheduler.self, .scheduler, unavailable: &unavailable)
        let power = await all(PowerController.self, .power, unavailable: &unavailable)
        let update = await all(UpdateOrchestrator.self, .update, unavailable: &unavailable)
        let ids = Set(scheduler.states.keys).union(power.states.keys).union(update.states.keys)
        let servers = ids.sorted().map { id in
            var parts = ServerParts(id: id, scheduler: scheduler.states[id], power: power.states[id], update: update.states[id])
            for (kind, owners) in [(StatusState.scheduler, scheduler.owners), (.power, power.owners), (.update, update.owners)] {
                let partition = Partitioner.partition(of: id, count: partitionCount(kind))
                if let owner = owners[partition] {
                    parts.owners[kind.role] = owner
                } else {
                    parts.unavailable[kind] = "\(kind.changelogTopic)[\(partition)] not read"
                }
            }
            return parts
        }
        return (servers, unavailable)
    }

    func rollouts() async -> (clusters: [ClusterStatusView], unavailable: [StatusState: String]) {
        var unavailable: [StatusState: String] = [:]
        let rollouts = await all(ClusterRollout.self, .rollout, unavailable: &unavailable)
        let clusters = rollouts.states.sorted { $0.key < $1.key }.map { id, rollout in
            ClusterStatusView(id: id, rollout: rollout, owner: rollouts.owners[Partitioner.partition(of: id, count: partitionCount(.rollout))])
        }
        return (clusters, unavailable)
    }

    func transitions(server: String?, limit: Int) async -> [TransitionEntry] {
        guard let feed else { return [] }
        return await feed.transitions(server: server, limit: limit)
    }

    // MARK: For peers

    /// `GET /v1/local/{kind}[/{key}]`: this instance's own states of `kind`, encoded
    /// outside the runner's lock; nil when it runs no role holding them.
    func localStates(_ kind: StatusState, key: String?) -> JSONValue? {
        switch kind {
        case .scheduler: local(MaintenanceScheduler.self, kind, key: key)
        case .power: local(PowerController.self, kind, key: key)
        case .update: local(UpdateOrchestrator.self, kind, key: key)
        case .rollout: local(ClusterRollout.self, kind, key: key)
        }
    }

    /// The states of `kind` this instance holds (one key's, or all), as their changelog values say them: the
    /// representation a restore reads, so the owner's answer and the asker's reading of it are the changelog's.
    private func local<State: ChangelogState>(_ type: State.Type, _ kind: StatusState, key: String?) -> JSONValue? {
        guard let runner = runners[kind] else { return nil }
        let encode = { (state: State) in (try? state.changelogValue()).flatMap { try? JSONParser().parse($0) } }
        let partitions = JSONValue.array(owned(kind).sorted().map { .int(Int64($0)) })
        if let key {
            let state = runner.queryState(type, key: key)
            return ["key": .string(key), "state": state.flatMap(encode) ?? .null, "partitions": partitions]
        }
        var states = JSONObject()
        for (_, byKey) in runner.queryStates(type) {
            for (key, state) in byKey.sorted(by: { $0.key < $1.key }) {
                if let json = encode(state) { states[key] = json }
            }
        }
        return ["states": .object(states), "partitions": partitions]
    }

    // MARK: Gathering

    private func owned(_ kind: StatusState) -> Set<Int32> {
        Set((runners[kind]?.ownedChangelogPartitions ?? []).filter { $0.topic == kind.changelogTopic }.map(\.partition))
    }

    private func partitionCount(_ kind: StatusState) -> Int32 { partitionCounts[kind.changelogTopic] ?? 1 }

    /// One key's state of `kind`: local if this instance owns its partition, else from the owner.
    private func one<State: ChangelogState>(_ type: State.Type, _ kind: StatusState, key: String, into parts: inout ServerParts) async -> State? {
        let partition = Partitioner.partition(of: key, count: partitionCount(kind))
        if let runner = runners[kind], owned(kind).contains(partition) {
            parts.owners[kind.role] = here
            return runner.queryState(type, key: key)
        }
        guard let owner = directory?.owner(of: kind.changelogTopic, partition: partition) else {
            parts.unavailable[kind] = "no instance is known to own \(kind.changelogTopic)[\(partition)]"
            return nil
        }
        do {
            let answer = try await client.getOK("http://\(owner)/v1/local/\(kind.rawValue)/\(PercentEncoding.encode(key))")
            // The directory may still name an owner a rebalance has moved the partition from: its
            // answer holds no state for it, which is not the server having none.
            let theirs = (answer["partitions"]?.arrayValue ?? []).compactMap { $0.intValue.map { Int32(truncatingIfNeeded: $0) } }
            guard theirs.contains(partition) else {
                parts.unavailable[kind] = "\(owner), named owner of \(kind.changelogTopic)[\(partition)], does not hold it now (a rebalance is moving it)"
                return nil
            }
            parts.owners[kind.role] = owner
            guard let state = answer["state"], state != .null else { return nil }
            return try? State(changelogValue: JSONWriter.bytes(state))
        } catch {
            parts.unavailable[kind] = "\(owner), owner of \(kind.changelogTopic)[\(partition)]: \(error)"
            return nil
        }
    }

    /// Every state of `kind`, and who answered for each partition read: this instance for its
    /// own partitions, then each other owner for the ones it says it holds.
    private func all<State: ChangelogState>(
        _ type: State.Type, _ kind: StatusState, unavailable: inout [StatusState: String]
    ) async -> (states: [String: State], owners: [Int32: String]) {
        var states: [String: State] = [:]
        var owners: [Int32: String] = [:]
        let local = owned(kind)
        if let runner = runners[kind] {
            for partition in local { owners[partition] = here }
            for (partition, byKey) in runner.queryStates(type) where local.contains(partition) {
                for (key, state) in byKey { states[key] = state }
            }
        }
        var problems: [String] = []
        for (owner, partitions) in (directory?.owners(of: kind.changelogTopic) ?? [:]).sorted(by: { $0.key < $1.key }) {
            let wanted = partitions.subtracting(owners.keys)
            guard !wanted.isEmpty else { continue }
            do {
                let answer = try await client.getOK("http://\(owner)/v1/local/\(kind.rawValue)")
                let theirs = Set((answer["partitions"]?.arrayValue ?? []).compactMap { $0.intValue.map { Int32(truncatingIfNeeded: $0) } })
                let answered = wanted.intersection(theirs)
                for member in answer["states"]?.objectValue?.members ?? [] {
                    let partition = Partitioner.partition(of: member.key, count: partitionCount(kind))
                    guard answered.contains(partition), states[member.key] == nil,
                        let state = try? State(changelogValue: JSONWriter.bytes(member.value))
                    else { continue }
                    states[member.key] = state
                }
                for partition in answered { owners[partition] = owner }
            } catch {
                problems.append("\(owner): \(error)")
            }
        }
        let missing = Set(0..<partitionCount(kind)).subtracting(owners.keys)
        if !missing.isEmpty {
            let list = missing.sorted().map(String.init).joined(separator: ",")
            unavailable[kind] = "partitions \(list) of \(kind.changelogTopic) not read" + (problems.isEmpty ? " (no known owner)" : " (\(problems.joined(separator: "; ")))")
        }
        return (states, owners)
    }
}
