import Lifecycle
import MaintenancedTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// How often the hostile world's peers misbehave; every rate is a percentage (per delivery, per
/// request, or per step for the spontaneous ones).
struct HostileRates: Sendable, CustomStringConvertible {
    /// An answer fails (or never comes).
    var failure = 10
    /// A delivery to a role happens twice (a producer retry), or a role's outputs are produced twice (a replay).
    var duplicate = 5
    /// A channel is held back for a while (a slow partition, a lagging peer): its messages wait,
    /// the others go on, and time may pass their deadlines meanwhile.
    var stall = 3
    /// Time jumps to the next deadline while messages are on their way.
    var early = 5
    /// Per step: the updater restarts, dropping the install it runs.
    var updaterRestart = 0
    /// An updater that drops an install (a restart, or a re-trigger) reports it late.
    var lateInstallReport = 0
    /// A re-trigger of the install while an earlier attempt runs: the updater drops it and starts the new one.
    var dropOnRetrigger = 0
    /// Per step: a server goes away (power lost) and comes back later.
    var away = 0
    /// Per step: a server joins, leaves or moves to another cluster.
    var membership = 0
    /// Per step: `update.available` announced.
    var announce = 0
    /// Per step: an old grant (lease or slot) is delivered again.
    var lateGrant = 0
    /// Per step: a person retries the cycle (whatever its state).
    var retry = 0
    /// Per step: a maintenance request arrives, or the claim changes.
    var maintenance = 0
    /// Per step: the server starts an update on its own.
    var ownInstall = 0
    /// Percent of servers whose updater echoes `requestId` in its reports.
    var echoRequestID = 50
    /// Whether asking again for a request id already answered or given back counts as a violation
    /// (off to let a sweep look past the id reuses pinned in SecondRebootInOneCycleTests and
    /// SlotRequestAfterMembershipRoundTripTests).
    var checkIDReuse = true

    var description: String {
        "failure \(failure) duplicate \(duplicate) stall \(stall) early \(early) updaterRestart \(updaterRestart) lateInstallReport \(lateInstallReport) "
            + "dropOnRetrigger \(dropOnRetrigger) away \(away) membership \(membership) announce \(announce) lateGrant \(lateGrant) retry \(retry) "
            + "maintenance \(maintenance) ownInstall \(ownInstall) echoRequestID \(echoRequestID)"
    }
}

/// A harsher world than `ClusterWorld`: the same three roles per member and a rollout per cluster
/// (c1, c2), but peers that act later than asked (each peer is a machine with its own input
/// queue, so an answer is written when the peer gets to it, behind whatever was written
/// meanwhile), channels that lag, updaters that do or do not echo `requestId`, restart and report
/// late, servers that go away and come back, membership that changes at any time, updates
/// announced at any time, late copies of grants, people who retry, maintenances and approvals
/// that race the update.
///
/// Named invariants, checked after every delivery (and `liveness` at the end):
/// - `lease-at-ask`: an install, evacuation, restore or update reboot is asked for only while the
///   orchestrator holds the lease and the scheduler shows it granted to the orchestrator's current request;
/// - `slot-at-ask`: an evacuation, restore or update reboot of a clustered member only while the rollout of
///   its *current* cluster holds its current slot request;
/// - `lease-at-act`: when the peer carries an update's disruption out, the scheduler has the lease out and
///   nobody works on the server;
/// - `maintenance-vs-update`: no maintenance power action or work during an install the orchestrator asked
///   for, while evacuated by the update, or while rebooting for it;
/// - `scheduler-leased`: while the lease is out the scheduler sends no power command, boot configuration,
///   approval request or work;
/// - `matched-answers`: a lease or slot grant the orchestrator takes is one the scheduler/rollout holds for
///   it; an install report that moves the cycle is of the attempt asked for last (the truth travels with
///   every report, named or not);
/// - `ids`: a request id names one request: not asked for with different content, nor again after its
///   final answer was taken or it was given back (BMC requests: id#sequence names one action);
/// - `liveness`: after the faults stop (every peer answers; a person powers on a server left off, a poll
///   reaches a server shown offline, a person retries failed cycles up to 3 times each), every cycle is
///   Up to date with no wait, no lease, no slot, no request outstanding; schedulers idle with empty
///   queues; rollouts empty; no power operation; no server left evacuated or in maintenance work.
///
/// Model decisions (each an artefact of an earlier version of this model, fixed here, not in the code):
/// the BMC reports the power it sees after every change; peers drop replayed copies of role outputs by
/// event id, and each role key drops a copy among its last 16 own-role events (the runtime's
/// `RecentEvents`); the BMC adapter carries requests out as they come (a BMC working through a backlog of
/// requests the power controller gave up is a gap no state machine closes); a power controller that gives
/// an update reboot up ends the update's reboot (a later boot is the server's own); the server's agent
/// shows signs of life now and then.
///
/// Each disruptive act is checked twice: when a role asks for it (the role holds the lease, and a
/// slot of its current cluster) and when the peer carries it out (the scheduler has the lease out,
/// nobody works on the server). Answers carry the truth of what they answer, so a role that takes
/// an answer of another request is caught. After the faults stop, every peer answers and a
/// person retries failed cycles; then everything must settle.
struct HostileWorld {
    enum Peer: String, Hashable { case bmc, incus, updater, bootConfig, work, owner, boot, grid }
    enum Target: Hashable, CustomStringConvertible {
        case power(Int), orchestrator(Int), scheduler(Int), rollout(String), peer(Int, Peer)
        var description: String {
            switch self {
            case let .power(i): "power\(i)"
            case let .orchestrator(i): "update\(i)"
            case let .scheduler(i): "sched\(i)"
            case let .rollout(c): "rollout-\(c)"
            case let .peer(i, peer): "\(peer.rawValue)\(i)"
            }
        }
    }
    /// `truth`: for an OS updater's report (and the status change it causes), the install request
    /// it really answers, whether or not the report names it; "" for an install the server started on its own.
    enum Message: CustomStringConvertible {
        case power(PowerController.Input, truth: String?)
        case orchestrator(Orchestrator.Input, truth: String?)
        case scheduler(Scheduler.Input)
        case rollout(ClusterRollout.Input)
        case bmc(BMCRequest)
        case incus(evacuate: Bool, requestID: String)
        case install(requestID: String, cycleID: String)
        case installEnds(token: Int, fails: Bool)
        case lateReport(cycleID: String, requestID: String, fails: Bool)
        case bootConfig(MaintenanceID, apply: Bool)
        case workEnds(MaintenanceID, fails: Bool)
        case approve
        case booted(epoch: Int)
        case comesBack

        var description: String {
            switch self {
            case let .power(input, truth): "\(input)\(truth.map { " [truth \($0)]" } ?? "")"
            case let .orchestrator(input, truth): "\(input)\(truth.map { " [truth \($0)]" } ?? "")"
            case let .scheduler(input): "\(input)"
            case let .rollout(input): "\(input)"
            case let .bmc(request): "do \(request)"
            case let .incus(evacuate, requestID): "do \(evacuate ? "evacuate" : "restore") \(requestID)"
            case let .install(requestID, cycleID): "install \(cycleID) \(requestID)"
            case let .installEnds(token, fails): "install #\(token) ends\(fails ? " failed" : "")"
            case let .lateReport(cycleID, requestID, fails): "late report of \(cycleID) \(requestID)\(fails ? " failed" : "")"
            case let .bootConfig(id, apply): "\(apply ? "apply" : "release") boot \(id)"
            case let .workEnds(id, fails): "work on \(id) ends\(fails ? " failed" : "")"
            case .approve: "owner approves"
            case let .booted(epoch): "booted (epoch \(epoch))"
            case .comesBack: "power comes back"
            }
        }
    }
    struct Channel: Hashable {
        let target: Target
        let topic: String
    }

    struct Install {
        var cycleID: String?
        var requestID: String?
        var token: Int
    }
    /// What is physically going on at one server.
    struct Physical {
        var poweredOn = true
        /// Lost power on its own; comes back by itself (`comesBack`) or by a BMC power on.
        var away = false
        var install: Install?
        /// Evacuated (or being evacuated, or restored) by its update.
        var evacuated = false
        var updateRebooting = false
        var maintenanceWork: MaintenanceID?
        /// The Incus cluster the server really is a member of.
        var cluster: String?
        /// Whether its OS updater echoes `requestId` in its reports.
        var echoesRequestID = true
        /// Counts power losses and boots: a boot report of an earlier one is void.
        var epoch = 0
        /// Whether its agent names the boot its signs of life come from (`bootId`): all but the third member's do,
        /// so that a world of three or four has one that does not (no random draw: seeds keep their paths).
        var namesBoot = true
    }

    static let clusters = ["c1", "c2"]

    var powers: [PowerController]
    var orchestrators: [Orchestrator]
    var schedulers: [Scheduler]
    var rollouts: [String: ClusterRollout]
    var physical: [Physical]
    /// A message on its way; `id`: the event id of a role's output (a copy has the same), nil from a peer.
    struct Envelope {
        var message: Message
        var id: Int?
    }
    var channels: [Channel: [Envelope]] = [:]
    /// The next event id of a role's output.
    var nextEventID = 0
    /// The event id the outputs being routed get, or nil while a peer sends.
    var producing = false
    /// Per role key: the ids of the last own-role events it took (the runtime's `RecentEvents`, 16 deep).
    var recentEvents: [Target: [Int]] = [:]
    /// The power off waiting for a sign of life each member's agent heartbeated for (`tickAll`).
    var heartbeatFor: [Int: Instant] = [:]
    var channelOrder: [Channel] = []
    /// Channels held back until the step given.
    var heldUntil: [Channel: Int] = [:]
    var violations: [String] = []
    /// The last deliveries, rendered only when a run fails.
    var lines: [() -> String] = []
    /// How many trace lines are kept (the newest); a replay keeps them all.
    var traceLimit = 600
    var trace: [String] { lines.map { $0() } }
    var now = t0
    var step = 0
    var random: SeededGenerator
    var rates: HostileRates
    /// False once the faults stopped: every peer answers, nothing is lost, duplicated or held back.
    var faults = true
    /// True while a role's outputs are produced a second time (a replay): their copies carry the same ids.
    var replaying = false
    var tokens = 0
    var maintenanceCount = 0
    /// Grants each orchestrator got, for late copies.
    var grantsSeen: [Int: [Envelope]] = [:]
    /// Per member: request ids the orchestrator emitted, with what they asked for.
    var requestContent: [Int: [String: String]] = [:]
    /// Per member: request ids whose final answer the orchestrator took (or that it gave back): not to be asked again.
    var closedRequests: [Int: [String: String]] = [:]
    /// Per member: BMC requests (id#sequence) the power controller emitted, with their action.
    var bmcRequests: [Int: [String: BMCAction]] = [:]
    /// Per member: the truth of the install whose start the power controller took last (the one it shows
    /// running while updating): a start of another install ends it, and that finish answers it.
    var shownInstallTruth: [Int: String] = [:]
    /// Per member: how many installs each cycle asked for.
    var installRequests: [Int: [String: Set<String>]] = [:]

    init(members: Int, maxUnavailable: Int, rates: HostileRates, random: SeededGenerator) {
        let policy = RetryPolicy(timeout: .minutes(10), attempts: 3)
        let power = PowerController.Settings(powerOn: policy, gracefulOffTimeout: .minutes(5), forcedOff: policy, reboot: policy)
        let update = Orchestrator.Settings(update: policy, serverReady: RetryPolicy(timeout: .hours(1), attempts: 5), lease: RetryPolicy(timeout: .hours(6), attempts: 5),
                                           slot: RetryPolicy(timeout: .hours(12), attempts: 5), evacuation: policy, reboot: RetryPolicy(timeout: .hours(1), attempts: 3), restore: policy)
        let scheduling = Scheduler.Settings(approval: policy, power: RetryPolicy(timeout: .hours(1), attempts: 3), bootConfiguration: policy, maintenance: policy)
        var random = random
        self.rates = rates
        powers = Array(repeating: PowerController(settings: power), count: members)
        var physical: [Physical] = []
        for member in 0..<members {
            var server = Physical()
            server.namesBoot = member != 2
            server.cluster = Int.random(in: 0..<4, using: &random) == 0 ? nil : Self.clusters.pick(&random)
            server.echoesRequestID = Int.random(in: 0..<100, using: &random) < rates.echoRequestID
            physical.append(server)
        }
        self.physical = physical
        orchestrators = physical.map { Orchestrator(settings: update, clusterID: $0.cluster) }
        schedulers = Array(repeating: Scheduler(settings: scheduling), count: members)
        rollouts = Dictionary(uniqueKeysWithValues: Self.clusters.map { ($0, ClusterRollout(maxUnavailable: maxUnavailable)) })
        self.random = random
        for member in 0..<members {
            // The agent registers from its first boot, named as its signs of life name it.
            send(.power(member), "server.lifecycle", .power(.registered(boot: physical[member].namesBoot ? "b0" : nil), truth: nil))
            send(.power(member), "server.lifecycle", .power(.configurationDone, truth: nil))
            send(.power(member), "power.events", .power(.powerObserved(.on), truth: nil))
            send(.orchestrator(member), "server.lifecycle", .orchestrator(.updateAvailable, truth: nil))
            if Bool.random(using: &self.random) { send(.scheduler(member), "server.lifecycle", .scheduler(.claimChanged(Claim()))) }
            for _ in 0..<2 where Bool.random(using: &self.random) { newMaintenance(member) }
        }
    }

    // MARK: Plumbing

    mutating func send(_ target: Target, _ topic: String, _ message: Message) {
        // Peers drop a replayed copy by its event id (PROTOCOL §3): only the roles see it.
        if replaying, case .peer = target { return }
        let channel = Channel(target: target, topic: topic)
        if channels[channel] == nil { channelOrder.append(channel) }
        var id: Int?
        if producing {
            id = nextEventID
            nextEventID += 1
        }
        channels[channel, default: []].append(Envelope(message: message, id: id))
    }

    static func index(of target: Target) -> Int {
        switch target {
        case let .power(i), let .orchestrator(i), let .scheduler(i), let .peer(i, _): i
        case .rollout: -1
        }
    }

    mutating func chance(_ percent: Int) -> Bool { percent > 0 && Int.random(in: 0..<100, using: &random) < percent }
    /// A peer fails this answer (only while faults are on).
    mutating func fails() -> Bool { faults && chance(rates.failure) }
    mutating func twice() -> Bool { faults && chance(rates.duplicate) }

    var isQuiet: Bool { channels.values.allSatisfy(\.isEmpty) }
    var isWaiting: Bool {
        orchestrators.contains { $0.wait != nil } || schedulers.contains { $0.wait != nil } || powers.contains { $0.operation != nil }
    }

    mutating func violated(_ what: String) { violations.append("\(now) step \(step): \(what)") }

    mutating func deliverOne() -> Bool {
        let ready = channelOrder.filter { !(channels[$0]?.isEmpty ?? true) && (heldUntil[$0] ?? 0) <= step }
        guard !ready.isEmpty else { return false }
        let channel = ready.pick(&random)
        // A BMC adapter carries out requests as they come (one that works through a backlog of requests
        // the power controller gave up on is a gap no state machine can close: see the report).
        if faults, channel.target != .peer(Self.index(of: channel.target), .bmc), chance(rates.stall) {
            heldUntil[channel] = step + Int.random(in: 20...400, using: &random)
            return true
        }
        let envelope = channels[channel]!.removeFirst()
        if case .peer = channel.target {} else if twice() { channels[channel]!.insert(envelope, at: 0) }
        now = now + Milliseconds(Int64.random(in: 0..<2_000, using: &random))
        // The runtime recognises a copy of an own-role event among the key's last 16 (RoleEngine.recentLimit).
        if let id = envelope.id {
            if recentEvents[channel.target]?.contains(id) == true {
                log("\(channel.target) ← copy of event \(id) dropped: \(envelope.message)")
                return true
            }
            recentEvents[channel.target, default: []].append(id)
            if recentEvents[channel.target]!.count > 16 { recentEvents[channel.target]!.removeFirst() }
        }
        deliver(channel.target, envelope.message, id: envelope.id)
        return true
    }

    mutating func tickAll() {
        let deadlines = powers.compactMap(\.nextDeadline) + orchestrators.compactMap(\.nextDeadline) + schedulers.compactMap { $0.wait?.deadline }
        let next = max(now, deadlines.min() ?? now + .minutes(1))
        // A real agent heartbeats more often than `installOffConfirmation`: before time jumps past a power off waiting
        // for a sign of life, the agent of a server that is on sends one (its delivery may still be held up).
        for index in powers.indices {
            guard let deadline = powers[index].install?.offDeadline, deadline <= next, heartbeatFor[index] != deadline else { continue }
            heartbeatFor[index] = deadline
            if physical[index].poweredOn, !physical[index].updateRebooting {
                send(.power(index), "server.lifecycle", .power(signOfLife(index), truth: nil))
                return
            }
        }
        now = next
        for index in powers.indices {
            deliver(.power(index), .power(.tick, truth: nil))
            deliver(.orchestrator(index), .orchestrator(.tick, truth: nil))
            deliver(.scheduler(index), .scheduler(.tick))
        }
    }

    mutating func log(_ line: @escaping @autoclosure () -> String) {
        let (now, step) = (self.now, self.step)
        lines.append { "\(now) #\(step) \(line())" }
        if lines.count > traceLimit { lines.removeFirst(lines.count - traceLimit + 100) }
    }

    // MARK: Delivery

    mutating func deliver(_ target: Target, _ message: Message, id: Int? = nil) {
        var result: () -> String = { "" }
        var quietTick = false
        switch (target, message) {
        case let (.power(index), .power(input, truth)):
            let handled = powers[index].handle(input, at: now)
            if case .tick = input, case let .success(outputs) = handled, outputs.isEmpty { quietTick = true }
            if case let .success(outputs) = handled {
                // A start of another install while one shows running ends the running one (`updating → Ready`,
                // not applied, naming it): that finish answers the install shown running, not the new start.
                var finishTruth = truth
                if case .updateStarted = input { finishTruth = shownInstallTruth[index] }
                routeTwice { $0.route(index, outputs, truth: finishTruth) }
                if case .updateStarted = input { shownInstallTruth[index] = truth }
            }
            result = { "\(handled)" }
        case let (.orchestrator(index), .orchestrator(input, truth)):
            let before = orchestrators[index]
            let handled = orchestrators[index].handle(input, at: now)
            if case .tick = input, case let .success(outputs) = handled, outputs.isEmpty { quietTick = true }
            if case let .success(outputs) = handled {
                checkAnswer(index, input, truth: truth, before: before)
                routeTwice { $0.route(index, outputs, first: $1, before: before) }
                switch input {
                case .leaseGranted, .slotGranted: grantsSeen[index, default: []].append(Envelope(message: message, id: id))
                default: break
                }
            }
            result = { "\(handled)" }
        case let (.scheduler(index), .scheduler(input)):
            let handled = schedulers[index].handle(input, at: now)
            if case .tick = input, case let .success(outputs) = handled, outputs.isEmpty { quietTick = true }
            if case let .success(outputs) = handled {
                checkScheduler(index, outputs)
                routeTwice { $0.route(index, outputs) }
            }
            result = { "\(handled)" }
        case let (.rollout(cluster), .rollout(input)):
            let handled = rollouts[cluster]!.handle(input, at: now)
            if case let .success(outputs) = handled {
                producing = true
                defer { producing = false }
                for case let .granted(member, requestID) in outputs {
                    send(.orchestrator(Int(member.dropFirst())!), "server.transitions", .orchestrator(.slotGranted(requestID: requestID, cluster: cluster), truth: nil))
                }
            }
            result = { "\(handled)" }
        case let (.peer(index, _), message):
            peer(index, message)
            result = { "done" }
        default:
            Issue.record("misrouted \(message) to \(target)")
        }
        if quietTick { return }
        log("\(target) ← \(message) ⇒ \(result())")
    }

    mutating func routeTwice(_ route: (inout HostileWorld, Bool) -> Void) {
        let firstID = nextEventID
        producing = true
        route(&self, true)
        if twice() {
            // A replay produces the same outputs with the same event ids.
            let after = nextEventID
            nextEventID = firstID
            replaying = true
            route(&self, false)
            replaying = false
            nextEventID = after
        }
        producing = false
    }

    mutating func routeTwice(_ route: (inout HostileWorld) -> Void) {
        routeTwice { world, _ in route(&world) }
    }

    // MARK: Invariants

    /// Invariant "lease at the ask": a role asks for a disruption (install, evacuation, restore, update
    /// reboot) only while the scheduler has the member's lease out to its current request, and an
    /// evacuation, restore or reboot of a clustered member only while the rollout of its current
    /// cluster holds its current slot request.
    mutating func checkLeaseAtAsk(_ index: Int, _ step: String, needsSlot: Bool) {
        let orchestrator = orchestrators[index]
        let scheduler = schedulers[index]
        if orchestrator.lease != .held || scheduler.phase != .leased || scheduler.leaseRequestID != orchestrator.leaseRequestID {
            violated("lease-at-ask: member \(index): \(step) asked for while the orchestrator's lease is \(orchestrator.lease) (\(orchestrator.leaseRequestID)), "
                + "scheduler \(scheduler.phase.label) to \(scheduler.leaseRequestID ?? "nobody")")
        }
        if needsSlot, let cluster = orchestrator.clusterID {
            let holds = rollouts[cluster]!.holding.contains { $0.member == "m\(index)" && ($0.requestID == nil || $0.requestID == orchestrator.slotRequestID) }
            if orchestrator.slot != .held || !holds {
                violated("slot-at-ask: member \(index) of \(cluster): \(step) asked for with slot \(orchestrator.slot) (\(orchestrator.slotRequestID)); "
                    + "\(cluster) holders \(rollouts[cluster]!.holding.map { "\($0.member):\($0.requestID ?? "-")" })")
            }
        }
    }

    /// Invariant "lease at the act": when a peer carries out an update's disruption, the scheduler has
    /// the lease out and nobody works on the server.
    mutating func checkLeaseAtAct(_ index: Int, _ step: String) {
        if schedulers[index].phase != .leased {
            violated("lease-at-act: member \(index): \(step) carried out while the scheduler is \(schedulers[index].phase.label)")
        }
        if let work = physical[index].maintenanceWork { violated("lease-at-act: member \(index): \(step) while \(work) is worked on") }
    }

    /// Invariant "no maintenance during an update": a maintenance power action or work never happens while
    /// an install the orchestrator asked for runs, the server is evacuated, or it reboots for its update.
    mutating func checkMaintenanceMayDisrupt(_ index: Int, _ step: String) {
        let server = physical[index]
        if let install = server.install, let cycle = install.cycleID { violated("maintenance-vs-update: member \(index): \(step) during the install \(install.requestID ?? cycle)") }
        if server.evacuated { violated("maintenance-vs-update: member \(index): \(step) while evacuated by its update") }
        if server.updateRebooting { violated("maintenance-vs-update: member \(index): \(step) while rebooting for its update") }
    }

    /// Invariant "the scheduler lends or works": while the lease is out it starts nothing.
    mutating func checkScheduler(_ index: Int, _ outputs: [Scheduler.Output]) {
        guard schedulers[index].phase == .leased else { return }
        for output in outputs {
            switch output {
            case .power, .maintenanceReady, .maintenanceNeeded, .requestBootConfiguration:
                violated("scheduler-leased: member \(index): \(output) while the lease is out")
            default: break
            }
        }
    }

    /// Invariant "matched answers": an answer the orchestrator takes answers its request outstanding.
    mutating func checkAnswer(_ index: Int, _ input: Orchestrator.Input, truth: String?, before: Orchestrator) {
        let after = orchestrators[index]
        switch input {
        case let .leaseGranted(requestID):
            guard before.lease != .held, after.lease == .held else { return }
            let scheduler = schedulers[index]
            if scheduler.phase != .leased || scheduler.leaseRequestID != requestID {
                violated("matched-answers: member \(index) took the lease grant \(requestID) while the scheduler is \(scheduler.phase.label) to \(scheduler.leaseRequestID ?? "nobody")")
            }
        case let .slotGranted(requestID, cluster):
            guard before.slot != .held, after.slot == .held else { return }
            let holds = rollouts[cluster]?.holding.contains { $0.member == "m\(index)" && $0.requestID == requestID } ?? false
            if !holds {
                violated("matched-answers: member \(index) took the slot grant \(requestID ?? "-") of \(cluster) the rollout does not hold for it "
                    + "(holders \(rollouts[cluster]?.holding.map { "\($0.member):\($0.requestID ?? "-")" } ?? []), queue \(rollouts[cluster]?.queue ?? []))")
            }
        case .updateFailed, .serverStatus:
            guard let truth else { return }
            // A report that moved the install step (ended its wait, retried or failed it, applied the update, or
            // freed a failed cycle's lease) must be of the attempt asked for last.
            // (A finish of an earlier attempt that only marks the update applied on a Failed cycle holding nothing is
            // harmless: the update is applied, whichever attempt applied it.)
            let moved = (before.wait?.step == .update && after.wait != before.wait) || (before.updateAvailable && !after.updateAvailable && before.failure == nil)
                || (before.failure?.installMayRun == true && after.failure?.installMayRun != true)
            // Only a cycle's install is at stake (an install the server runs on its own ends its wait however it ends).
            guard moved, before.cycleID == after.cycleID, before.updateAvailable || before.failure?.installMayRun == true else { return }
            if case let .serverStatus(change) = input, [.reboot, .shutdown, .unresponsive].contains(change.trigger) { return }
            // An install the server started on its own answers no request; one a cycle asked for, its latest.
            let expected = before.updateAvailable ? before.installRequestID ?? "" : ""
            if truth != expected {
                violated("matched-answers: member \(index) took a report of install \(truth.isEmpty ? "(own)" : truth) for \(before.installRequestID ?? "none") (\(input))")
            }
        default:
            break
        }
        // Closing: answers that end a request.
        switch input {
        case let .powerCompleted(requestID) where before.powerRequestID == requestID:
            closedRequests[index, default: [:]][requestID] = "reboot completed"
        case let .evacuationCompleted(requestID), let .restoreCompleted(requestID):
            closedRequests[index, default: [:]][requestID] = "completed"
        default: break
        }
    }

    /// Invariant "ids": a request id names one request: the same id is never asked for different content,
    /// nor asked again after its final answer was taken or it was given back.
    mutating func checkRequestID(_ index: Int, _ id: String, _ content: String) {
        if rates.checkIDReuse, let closed = closedRequests[index]?[id] {
            violated("ids: member \(index): \(id) (\(content)) asked for again after it was \(closed)")
        }
        if let earlier = requestContent[index]?[id], earlier != content {
            violated("ids: member \(index): \(id) asked for as \(content), earlier as \(earlier)")
        }
        requestContent[index, default: [:]][id] = content
    }

    // MARK: Roles' outputs

    /// `truth`: what an install's finish among `outputs` answers (see `shownInstallTruth`).
    mutating func route(_ index: Int, _ outputs: [PowerController.Output], truth: String?) {
        for output in outputs {
            switch output {
            case let .statusChanged(change):
                let tagged = change.trigger == .updateFinished ? truth : nil
                send(.orchestrator(index), "server.transitions", .orchestrator(.serverStatus(change), truth: tagged))
            case let .observedPowerChanged(power, sequence):
                send(.scheduler(index), "server.transitions", .scheduler(.powerObserved(power, sequence: sequence)))
            case let .bmc(request):
                let key = "\(request.requestID)#\(request.sequence)"
                if let earlier = bmcRequests[index]?[key], earlier != request.action {
                    violated("ids: member \(index): BMC request \(key) sent as \(request.action), earlier as \(earlier)")
                }
                bmcRequests[index, default: [:]][key] = request.action
                send(.peer(index, .bmc), "operator.requests", .bmc(request))
            case let .operationCompleted(request):
                send(request.requester == .scheduler ? .scheduler(index) : .orchestrator(index), "server.transitions",
                     request.requester == .scheduler ? .scheduler(.powerCompleted(requestID: request.id))
                        : .orchestrator(.powerCompleted(requestID: request.id), truth: nil))
            case let .operationFailed(request, reason):
                // The power controller gave the update reboot up (the server did not come back): the
                // cycle no longer reboots it; a boot that comes after is the server's own.
                if request.requester == .updateOrchestrator { physical[index].updateRebooting = false }
                send(request.requester == .scheduler ? .scheduler(index) : .orchestrator(index), "server.transitions",
                     request.requester == .scheduler ? .scheduler(.powerFailed(requestID: request.id, reason: reason))
                        : .orchestrator(.powerFailed(requestID: request.id, reason: reason), truth: nil))
            case let .operationBusy(request, running):
                // Not taken (another command runs): nothing was done for it.
                let reason = PowerController.busyReason(running: running)
                send(request.requester == .scheduler ? .scheduler(index) : .orchestrator(index), "server.transitions",
                     request.requester == .scheduler ? .scheduler(.powerFailed(requestID: request.id, reason: reason, busy: true))
                        : .orchestrator(.powerFailed(requestID: request.id, reason: reason, busy: true), truth: nil))
            }
        }
    }

    mutating func route(_ index: Int, _ outputs: [Orchestrator.Output], first: Bool, before: Orchestrator) {
        for output in outputs {
            switch output {
            case let .triggerUpdate(requestID, cycleID):
                if first {
                    checkLeaseAtAsk(index, "install \(requestID)", needsSlot: false)
                    checkRequestID(index, requestID, "install of \(cycleID)")
                    installRequests[index, default: [:]][cycleID, default: []].insert(requestID)
                }
                send(.peer(index, .updater), "operator.requests", .install(requestID: requestID, cycleID: cycleID))
            case let .evacuate(requestID):
                if first {
                    checkLeaseAtAsk(index, "evacuation \(requestID)", needsSlot: true)
                    checkRequestID(index, requestID, "evacuation")
                }
                send(.peer(index, .incus), "operator.requests", .incus(evacuate: true, requestID: requestID))
            case let .restore(requestID):
                if first {
                    checkLeaseAtAsk(index, "restore \(requestID)", needsSlot: true)
                    checkRequestID(index, requestID, "restore")
                }
                send(.peer(index, .incus), "operator.requests", .incus(evacuate: false, requestID: requestID))
            case let .power(request):
                if first {
                    checkLeaseAtAsk(index, "update reboot \(request.id)", needsSlot: true)
                    checkRequestID(index, request.id, "\(request.kind)")
                }
                send(.power(index), "power.commands", .power(.command(request), truth: nil))
            case let .requestLease(requestID):
                if first { checkRequestID(index, requestID, "lease") }
                send(.scheduler(index), "maintenance.requests", .scheduler(.leaseRequested(requestID: requestID)))
            case let .releaseLease(requestID):
                if first { closedRequests[index, default: [:]][requestID] = "released" }
                send(.scheduler(index), "maintenance.requests", .scheduler(.leaseReleased(requestID: requestID)))
            case let .requestSlot(cluster, requestID):
                if first { checkRequestID(index, "\(requestID)@\(cluster)", "slot") }
                send(.rollout(cluster), "cluster.rollouts", .rollout(.request(member: "m\(index)", requestID: requestID)))
            case let .releaseSlot(cluster):
                // The request withdrawn or given back: its id is not to be asked again.
                if first { closedRequests[index, default: [:]]["\(before.slotRequestID)@\(cluster)"] = "released" }
                send(.rollout(cluster), "cluster.rollouts", .rollout(.release(member: "m\(index)")))
            case .updateStateChanged, .maintenanceStateChanged:
                break
            }
        }
    }

    mutating func route(_ index: Int, _ outputs: [Scheduler.Output]) {
        for output in outputs {
            switch output {
            case let .leaseGranted(requestID):
                send(.orchestrator(index), "server.transitions", .orchestrator(.leaseGranted(requestID: requestID), truth: nil))
            case let .power(request):
                send(.power(index), "power.commands", .power(.command(request), truth: nil))
            case let .requestBootConfiguration(id, _):
                send(.peer(index, .bootConfig), "operator.requests", .bootConfig(id, apply: true))
            case let .releaseBootConfiguration(id, _):
                send(.peer(index, .bootConfig), "operator.requests", .bootConfig(id, apply: false))
            case let .maintenanceReady(id):
                checkMaintenanceMayDisrupt(index, "maintenance work on \(id)")
                physical[index].maintenanceWork = id
                send(.peer(index, .work), "operator.requests", .workEnds(id, fails: fails()))
            case .maintenanceNeeded:
                send(.peer(index, .owner), "operator.requests", .approve)
            case let .maintenanceStateChanged(transition) where transition.from == .inMaintenance:
                if physical[index].maintenanceWork == transition.id { physical[index].maintenanceWork = nil }
            case .maintenanceStateChanged, .operationalStateChanged, .powerRestoreFailed:
                break
            }
        }
    }

    // MARK: Peers

    /// The OS updater's report of an install, to both roles that consume it.
    mutating func report(_ index: Int, cycleID: String?, requestID: String?, fails: Bool) {
        let named = physical[index].echoesRequestID ? requestID : nil
        let truth = requestID ?? ""
        if fails {
            send(.power(index), "server.lifecycle", .power(.updateFailed(cycleID: cycleID, requestID: named), truth: truth))
            send(.orchestrator(index), "server.lifecycle", .orchestrator(.updateFailed(cycleID: cycleID, reason: "apt", requestID: named), truth: truth))
        } else {
            send(.power(index), "server.lifecycle", .power(.updateFinished(requiresReboot: !chance(15), cycleID: cycleID, requestID: named), truth: truth))
        }
    }

    /// The updater starts an install.
    mutating func startInstall(_ index: Int, cycleID: String?, requestID: String?) {
        tokens += 1
        physical[index].install = Install(cycleID: cycleID, requestID: requestID, token: tokens)
        let named = physical[index].echoesRequestID ? requestID : nil
        let boot = physical[index].namesBoot ? "b\(physical[index].epoch)" : nil
        send(.power(index), "server.lifecycle", .power(.updateStarted(cycleID: cycleID, requestID: named, boot: boot), truth: requestID ?? ""))
        send(.peer(index, .updater), "install", .installEnds(token: tokens, fails: fails()))
    }

    /// The updater drops the install it runs (it restarted), maybe reporting it later.
    mutating func dropInstall(_ index: Int) {
        guard let install = physical[index].install else { return }
        physical[index].install = nil
        if let cycleID = install.cycleID, let requestID = install.requestID, chance(rates.lateInstallReport) {
            send(.peer(index, .updater), "late", .lateReport(cycleID: cycleID, requestID: requestID, fails: Bool.random(using: &random)))
        }
    }

    mutating func peer(_ index: Int, _ message: Message) {
        switch message {
        case let .bmc(request):
            if fails() {
                send(.power(index), "power.events", .power(.bmcFailed(requestID: request.requestID, sequence: request.sequence, reason: "bmc"), truth: nil))
                return
            }
            let forUpdate = request.requestID.hasPrefix("update/")
            let wasPoweredOn = physical[index].poweredOn
            if forUpdate {
                checkLeaseAtAct(index, "update \(request.action) \(request.requestID)#\(request.sequence)")
            } else {
                checkMaintenanceMayDisrupt(index, "maintenance power action \(request.action) \(request.requestID)")
            }
            switch request.action {
            case .gracefulOff, .forcedOff:
                physical[index].poweredOn = false
                physical[index].epoch += 1
                physical[index].install = nil
                physical[index].updateRebooting = false
            case .powerOn, .reboot:
                let wasOn = physical[index].poweredOn
                physical[index].poweredOn = true
                physical[index].away = false
                if request.action == .reboot || !wasOn {
                    physical[index].epoch += 1
                    physical[index].install = nil
                    if request.action == .reboot, forUpdate { physical[index].updateRebooting = true }
                    send(.peer(index, .boot), "boot", .booted(epoch: physical[index].epoch))
                }
            }
            send(.power(index), "power.events", .power(.bmcSucceeded(requestID: request.requestID, sequence: request.sequence), truth: nil))
            // The BMC adapter also reports the power it now sees, as it does for every change.
            if physical[index].poweredOn != wasPoweredOn {
                send(.power(index), "power.events", .power(.powerObserved(physical[index].poweredOn ? .on : .off), truth: nil))
            }
        case let .incus(evacuate, requestID):
            let answer: Orchestrator.Input
            if !physical[index].poweredOn || physical[index].cluster == nil || fails() {
                answer = evacuate ? .evacuationFailed(requestID: requestID, reason: "busy") : .restoreFailed(requestID: requestID, reason: "busy")
            } else {
                checkLeaseAtAct(index, "\(evacuate ? "evacuation" : "restore") \(requestID)")
                physical[index].evacuated = evacuate
                answer = evacuate ? .evacuationCompleted(requestID: requestID) : .restoreCompleted(requestID: requestID)
            }
            send(.orchestrator(index), "server.lifecycle", .orchestrator(answer, truth: nil))
            if twice() { send(.orchestrator(index), "server.lifecycle", .orchestrator(answer, truth: nil)) }
        case let .install(requestID, cycleID):
            guard physical[index].poweredOn else { return }  // nothing listens
            if let running = physical[index].install {
                guard running.requestID != requestID, faults, chance(rates.dropOnRetrigger) else { return }  // busy: it reports the running one
                dropInstall(index)
            }
            if fails() && Bool.random(using: &random) { return }  // the request is lost
            checkLeaseAtAct(index, "install \(requestID)")
            startInstall(index, cycleID: cycleID, requestID: requestID)
        case let .installEnds(token, fails):
            guard let install = physical[index].install, install.token == token else { return }
            physical[index].install = nil
            report(index, cycleID: install.cycleID, requestID: install.requestID, fails: fails)
            if twice() { report(index, cycleID: install.cycleID, requestID: install.requestID, fails: fails) }
        case let .lateReport(cycleID, requestID, fails):
            report(index, cycleID: cycleID, requestID: requestID, fails: fails)
        case let .bootConfig(id, apply):
            if apply {
                send(.scheduler(index), "maintenance.requests", .scheduler(fails() ? .bootConfigurationFailed(id, reason: "tftp") : .bootConfigurationReady(id)))
            } else if !fails() {
                send(.scheduler(index), "maintenance.requests", .scheduler(.bootConfigurationReleased(id)))
            }
        case let .workEnds(id, fails):
            guard physical[index].maintenanceWork == id else { return }
            physical[index].maintenanceWork = nil
            send(.scheduler(index), "maintenance.requests", .scheduler(fails ? .maintenanceFailed(id, reason: "flash") : .maintenanceCompleted(id)))
        case .approve:
            if faults && chance(rates.failure) { return }
            send(.scheduler(index), "server.lifecycle", .scheduler(.claimChanged(Claim(okToMaintenance: true))))
        case let .booted(epoch):
            guard physical[index].poweredOn, physical[index].epoch == epoch else { return }
            physical[index].updateRebooting = false
            send(.power(index), "server.lifecycle", .power(signOfLife(index), truth: nil))
        case .comesBack:
            guard physical[index].away else { return }
            physical[index].away = false
            physical[index].poweredOn = true
            physical[index].epoch += 1
            send(.power(index), "power.events", .power(.powerObserved(.on), truth: nil))
            send(.peer(index, .boot), "boot", .booted(epoch: physical[index].epoch))
        default:
            Issue.record("not a peer's message: \(message)")
        }
    }

    /// A sign of life of the server's current boot, naming it when its agent does.
    func signOfLife(_ index: Int) -> PowerController.Input {
        .signOfLife(boot: physical[index].namesBoot ? "b\(physical[index].epoch)" : nil)
    }

    // MARK: What the world does on its own

    mutating func newMaintenance(_ index: Int) {
        maintenanceCount += 1
        let request = MaintenanceRequest(
            id: MaintenanceID(namespace: "ops", name: "m\(maintenanceCount)"), type: "BIOSUpdate", priority: Int.random(in: 0...2, using: &random),
            policy: Int.random(in: 0..<4, using: &random) == 0 ? .enforced : .ownerApproval,
            bootConfiguration: Bool.random(using: &random) ? "sbc" : nil, power: [PowerState.off, .on].pick(&random))
        send(.scheduler(index), "maintenance.requests", .scheduler(.maintenanceRequested(request)))
    }

    /// One spontaneous act per rate, each for a random member.
    mutating func actOnItsOwn() {
        let members = powers.count
        if chance(rates.updaterRestart) {
            let index = Int.random(in: 0..<members, using: &random)
            if physical[index].install != nil { log("updater\(index) restarts"); dropInstall(index) }
        }
        if chance(rates.away) {
            let index = Int.random(in: 0..<members, using: &random)
            if physical[index].poweredOn, !physical[index].away {
                log("server \(index) goes away")
                physical[index].away = true
                physical[index].poweredOn = false
                physical[index].install = nil
                physical[index].updateRebooting = false
                physical[index].epoch += 1
                send(.power(index), "power.events", .power(.powerObserved(.off), truth: nil))
                send(.peer(index, .grid), "grid", .comesBack)
            }
        }
        if chance(rates.membership) {
            let index = Int.random(in: 0..<members, using: &random)
            let next = ([nil] + Self.clusters).filter { $0 != physical[index].cluster }.pick(&random)
            let was = physical[index].cluster
            log("server \(index) membership \(was ?? "none") → \(next ?? "none")")
            physical[index].cluster = next
            // A member that left its cluster has nothing evacuated: its instances stay with the cluster it left
            // (PROTOCOL §1, `LeftClusterWhileEvacuatedTests`); one that moved to another is restored there.
            if next == nil { physical[index].evacuated = false }
            send(.orchestrator(index), "server.lifecycle", .orchestrator(.clusterMembership(next), truth: nil))
        }
        if chance(rates.announce) {
            send(.orchestrator(Int.random(in: 0..<members, using: &random)), "server.lifecycle", .orchestrator(.updateAvailable, truth: nil))
        }
        if chance(rates.retry) {
            send(.orchestrator(Int.random(in: 0..<members, using: &random)), "server.lifecycle", .orchestrator(.retry, truth: nil))
        }
        if chance(rates.lateGrant) {
            let index = Int.random(in: 0..<members, using: &random)
            if let seen = grantsSeen[index], !seen.isEmpty {
                let grant = seen.suffix(4).pick(&random)
                log("late copy of \(grant.message) (event \(grant.id ?? -1)) for update\(index)")
                let channel = Channel(target: .orchestrator(index), topic: "server.transitions")
                if channels[channel] == nil { channelOrder.append(channel) }
                channels[channel, default: []].append(grant)
            }
        }
        if chance(rates.maintenance) {
            let index = Int.random(in: 0..<members, using: &random)
            if Bool.random(using: &random) {
                newMaintenance(index)
            } else {
                let claim: Claim? = [nil, Claim(), Claim(okToMaintenance: true)].pick(&random)
                send(.scheduler(index), "server.lifecycle", .scheduler(.claimChanged(claim)))
            }
        }
        // The server's agent (or a poll) shows a sign of life now and then.
        if chance(2) {
            let index = Int.random(in: 0..<members, using: &random)
            if physical[index].poweredOn, !physical[index].updateRebooting { send(.power(index), "server.lifecycle", .power(signOfLife(index), truth: nil)) }
        }
        if chance(rates.ownInstall) {
            let index = Int.random(in: 0..<members, using: &random)
            if physical[index].poweredOn, physical[index].install == nil {
                log("server \(index) installs on its own")
                startInstall(index, cycleID: nil, requestID: nil)
            }
        }
    }
}

@Suite("Hostile simulation: the roles against peers that lag, restart, go away, change membership and repeat themselves")
struct HostileClusterSimulation {
    /// Runs a hostile world: `faultSteps` with the faults on, then a quiet tail in which every peer
    /// answers and a person retries failed cycles; returns the first broken invariant and the trace.
    static func run(seed: UInt64, rates: HostileRates, faultSteps: Int = 2_500, tailSteps: Int = 8_000, traceLimit: Int = 600) -> (String, [String])? {
        var random = SeededGenerator(seed: seed)
        let members = Int.random(in: 2...4, using: &random)
        let maxUnavailable = Int.random(in: 1...2, using: &random)
        var world = HostileWorld(members: members, maxUnavailable: maxUnavailable, rates: rates, random: random)
        world.traceLimit = traceLimit
        for step in 0..<faultSteps {
            world.step = step
            world.actOnItsOwn()
            if world.chance(rates.early) || !world.deliverOne() { world.tickAll() }
            if let violation = world.violations.first { return (violation, world.trace) }
        }
        // The faults stop: servers come back, held channels flow, every peer answers.
        world.faults = false
        world.heldUntil = [:]
        for index in world.physical.indices where world.physical[index].away { world.send(.peer(index, .grid), "grid", .comesBack) }
        world.log("— faults stop —")
        var retries = Array(repeating: 0, count: members)
        var poweredOn: Set<Int> = []
        var polled: [Int: Int] = [:]
        for step in faultSteps..<(faultSteps + tailSteps) {
            world.step = step
            if !world.deliverOne() {
                if world.isQuiet && !world.isWaiting {
                    // A person powers on a server left off with no maintenance run (the power controller can
                    // leave one off: PowerOnAfterGivenUpPowerOffTests), once each.
                    if let off = world.physical.indices.first(where: { !world.physical[$0].poweredOn && world.schedulers[$0].phase == .idle && !poweredOn.contains($0) }) {
                        poweredOn.insert(off)
                        world.log("a person powers on server \(off)")
                        world.send(.power(off), "power.commands", .power(.command(PowerRequest(.powerOn, by: .operatorRequest, id: "person-\(off)")), truth: nil))
                        continue
                    }
                    // A poll (or the agent's next heartbeat) reaches a server that is on but shown offline, a few
                    // times each: the agent's sign of life can arrive before the BMC's answer of the reboot that
                    // brought it back, so a server can be shown offline again after a poll (seed 7144).
                    if let shown = world.physical.indices.first(where: {
                        world.physical[$0].poweredOn && world.powers[$0].status == .offline && polled[$0, default: 0] < 3
                    }) {
                        polled[shown, default: 0] += 1
                        world.send(.power(shown), "server.lifecycle", .power(world.signOfLife(shown), truth: nil))
                        continue
                    }
                    // A person retries a failed cycle (a few times each).
                    guard let failed = world.orchestrators.indices.filter({ world.orchestrators[$0].updateState == .failed && retries[$0] < 3 })
                        .min(by: { retries[$0] < retries[$1] }) else { break }
                    retries[failed] += 1
                    let reason = world.orchestrators[failed].failure.map(\.reason) ?? ""
                    world.log("a person retries update\(failed): \(reason)")
                    world.send(.orchestrator(failed), "server.lifecycle", .orchestrator(.retry, truth: nil))
                    continue
                }
                world.tickAll()
            }
            if let violation = world.violations.first { return (violation, world.trace) }
        }
        if let problem = world.unsettled() { return ("liveness: \(problem)", world.trace) }
        return nil
    }

    /// Runs `seeds` with the rate set `name`. A seed that fails and is not in `knownFailing[name]` is
    /// an issue (with its trace); so is a known one that passes now (take it out of the list): the
    /// sweep is a ratchet that lets no new failure in and keeps the list of open ones true.
    static func check(seeds: ClosedRange<UInt64>, rates name: String, sourceLocation: SourceLocation = #_sourceLocation) -> [UInt64] {
        let rates = rateSets[name]!
        let known = knownFailing[name] ?? []
        var failing: [UInt64] = []
        var summary: [String] = []
        var reported = false
        for seed in seeds {
            if let (violation, trace) = run(seed: seed, rates: rates) {
                failing.append(seed)
                summary.append("seed \(seed): \(violation.prefix(300))")
                if !known.contains(seed), !reported {
                    reported = true
                    Issue.record(Comment(rawValue: "seed \(seed) (\(rates)): \(violation)\n" + trace.suffix(60).joined(separator: "\n")), sourceLocation: sourceLocation)
                }
            }
        }
        let new = failing.filter { !known.contains($0) }
        let fixed = known.filter { !failing.contains($0) && seeds.contains($0) }.sorted()
        if !new.isEmpty {
            Issue.record(Comment(rawValue: "failing seeds \(failing.count)/\(seeds.count), not known to fail: \(new)\n" + summary.joined(separator: "\n")), sourceLocation: sourceLocation)
        }
        if !fixed.isEmpty {
            Issue.record(Comment(rawValue: "seeds known to fail that pass now (take them out of knownFailing[\"\(name)\"]): \(fixed)"), sourceLocation: sourceLocation)
        }
        return failing
    }
}

extension HostileWorld {
    /// One member's roles and physical facts, for a report.
    func describe(_ index: Int) -> String {
        let power = powers[index], orchestrator = orchestrators[index], scheduler = schedulers[index], server = physical[index]
        return "[power \(power.condition) observed \(power.observedPower) desired \(power.desiredPower) op \(power.operation.map { "\($0.request.id) \($0.wait.step)" } ?? "none"); "
            + "update view \(orchestrator.server) \(orchestrator.updateState.label) wait \(orchestrator.wait.map { "\($0.step)#\($0.attempt)" } ?? "none") lease \(orchestrator.lease) slot \(orchestrator.slot) cluster \(orchestrator.clusterID ?? "none"); "
            + "scheduler \(scheduler.phase.label) power \(scheduler.power) queue \(scheduler.queue.map { "\($0.id.name):\($0.status)" }); "
            + "server on \(server.poweredOn) away \(server.away) install \(server.install.map { "\($0.requestID ?? "own")" } ?? "none") evacuated \(server.evacuated) cluster \(server.cluster ?? "none")]"
    }

    /// Liveness: what is still unsettled once the faults stopped and the tail ran.
    func unsettled() -> String? {
        if !isQuiet { return "messages still on their way after the tail: \(channels.filter { !$0.value.isEmpty }.map { "\($0.key.target)/\($0.key.topic): \($0.value.count)" })" }
        for (index, orchestrator) in orchestrators.enumerated() {
            if orchestrator.wait != nil { return "member \(index) still waits: \(orchestrator.wait!)" }
            if orchestrator.updateState != .upToDate {
                return "member \(index) ended \(orchestrator.updateState.label) (\(orchestrator.failure.map(\.reason) ?? "")) after a person's retries with every peer answering; "
                    + describe(index)
            }
            if orchestrator.lease != .none || orchestrator.slot != .none { return "member \(index) Up to date still holds lease \(orchestrator.lease), slot \(orchestrator.slot) (unanswered: \(orchestrator.unansweredRequests))" }
            if orchestrator.maintenance != .notInMaintenance { return "member \(index) Up to date but \(orchestrator.maintenance.label)" }
            if !orchestrator.unansweredRequests.isEmpty {
                return "member \(index) still has requests outstanding: \(orchestrator.unansweredRequests)"
            }
        }
        for (index, scheduler) in schedulers.enumerated() {
            if scheduler.leaseRequestID != nil { return "member \(index): the scheduler still lends its lease to \(scheduler.leaseRequestID!) (\(scheduler.phase.label))" }
            if scheduler.phase != .idle || scheduler.wait != nil { return "member \(index): the scheduler still \(scheduler.phase.label)" }
            if !scheduler.queue.isEmpty { return "member \(index): maintenances left \(scheduler.queue.map { "\($0.id) \($0.status)" })" }
        }
        for (cluster, rollout) in rollouts where !rollout.holding.isEmpty || !rollout.waiting.isEmpty {
            return "rollout \(cluster) still has holders \(rollout.holders), queue \(rollout.queue)"
        }
        for (index, power) in powers.enumerated() where power.operation != nil { return "member \(index): power operation left \(power.operation!)" }
        for (index, server) in physical.enumerated() {
            if server.evacuated { return "server \(index) is left evacuated" }
            if server.maintenanceWork != nil { return "server \(index) is left in maintenance work" }
        }
        return nil
    }
}

extension HostileClusterSimulation {
    @Test("baseline: lag and reordering across topics, failures and duplicates; every invariant holds and everything settles")
    func baseline() {
        _ = Self.check(seeds: 1...200, rates: "baseline")
    }

    @Test("updaters that restart mid-install, drop an attempt when re-triggered and report dropped attempts late; half echo requestId")
    func restartingUpdaters() {
        _ = Self.check(seeds: 1001...1200, rates: "updater")
    }

    @Test("servers that go away (power lost) mid-install, mid-evacuation or mid-reboot and come back")
    func serversGoAway() {
        _ = Self.check(seeds: 2001...2200, rates: "away")
    }

    @Test("cluster membership changes at any time: join, leave, move, also while evacuated, rebooting or Failed")
    func membershipChanges() {
        _ = Self.check(seeds: 3001...3200, rates: "membership")
    }

    @Test("update.available announced at any time, and a person retrying at random times")
    func announcementsAndRetries() {
        _ = Self.check(seeds: 4001...4200, rates: "announce")
    }

    @Test("late copies of lease and slot grants (beyond the runtime's recent-event window)")
    func lateGrants() {
        _ = Self.check(seeds: 5001...5200, rates: "grants")
    }

    @Test("maintenances, claims and approvals racing the update; installs the server starts on its own")
    func maintenanceRacesUpdate() {
        _ = Self.check(seeds: 6001...6200, rates: "maintenance")
    }

    @Test("everything at once")
    func everything() {
        _ = Self.check(seeds: 7001...7200, rates: "everything")
    }
}

extension HostileClusterSimulation {
    /// The seeds of each sweep that still fail, for defects not mended yet: `check` fails on any other
    /// failing seed, and on one of these that passes (session 36 listed 29, session 37 nine).
    ///
    /// Session 38 mended: no power command is answered while its last BMC request is unanswered
    /// (`LateBMCAnswerTests`; 3114, 4092, 7027, 7106, 7184 were that request carried out after its command was
    /// answered failed), and the BMC's observed off is a shutdown during any operation but a reboot
    /// (`PowerObservedOffDuringOperationTests`; 6175: a late power off during a power on left the status
    /// updating). 7064, 7090 and 7161 pass since (their paths changed; 7090's class, below, is not mended).
    /// The server's own install that its updater lost on a restart, never reporting it, is taken as ended after
    /// `installReportTimeout` (`InstallReportTimeoutTests`; 7075, 7119: the status stayed updating and no wait for the
    /// server got past it).
    /// Session 39: signs of life name their boot (`BootIdentityTests`): a late one of an ended boot, or one while the
    /// power is seen off, is stale, and a reboot ends only at the last reset's boot. It mends what `sweepRange` found
    /// beyond the sweeps (updater 1412, everything 8078: a late sign of life ended an update reboot under way), the
    /// class 7090 was of, and 7174 (a boot seen only after a maintenance power off showed the server on). The third
    /// member of a world (index 2) names no boot, so the old path stays swept. A power off the BMC reports during an
    /// install in a named boot waits for a sign of life of that boot (`InstallOffConfirmationTests`; 7022, and 8453
    /// beyond the sweeps: the off and on of a power cycle before the install, delivered after its start, ended it in
    /// the view, and a failed cycle gave its lease back during it). The model's agents heartbeat within that wait
    /// (`tickAll`), as a real agent heartbeats more often.
    /// Session 42: a sign of life of the install's boot confirms the install while a power off reported during it
    /// waits, also while the BMC still sees the power off (`InstallOffConfirmationTests.confirmedWhileSeenOff`;
    /// everything 19854 beyond the sweeps: the BMC's report that the power was back lagged hours, the install in the
    /// new boot was ended in the view, and the lease went back during it).
    /// Open, for agents that name no boot: a late sign of life still ends a reboot under way or shows a server on,
    /// and a late power off still ends an install in the view.
    static let knownFailing: [String: Set<UInt64>] = [:]

    /// The rate sets the tests use, by name.
    static let rateSets: [String: HostileRates] = [
        "baseline": HostileRates(),
        "updater": HostileRates(updaterRestart: 1, lateInstallReport: 50, dropOnRetrigger: 50),
        "away": HostileRates(away: 1),
        "membership": HostileRates(membership: 1),
        "announce": HostileRates(announce: 1, retry: 1),
        "grants": HostileRates(lateGrant: 3),
        "maintenance": HostileRates(maintenance: 2, ownInstall: 1),
        "everything": HostileRates(updaterRestart: 1, lateInstallReport: 30, dropOnRetrigger: 30, away: 1, membership: 1, announce: 1, lateGrant: 2,
                                   retry: 1, maintenance: 1, ownInstall: 1, checkIDReuse: false),
    ]

    /// Runs seeds beyond the sweeps' and prints each failing one with its first violation, for looking for new
    /// defects: `HOSTILE_SWEEP=7201-8000 HOSTILE_RATES=everything swift test --filter sweepRange`. Records nothing:
    /// what it finds goes to `knownFailing` or a fix, through the sweeps' ranges or a pinned seed.
    @Test("sweep a range of seeds on demand (HOSTILE_SWEEP=first-last, HOSTILE_RATES)", .enabled(if: Environment.variable("HOSTILE_SWEEP") != nil))
    func sweepRange() {
        guard let text = Environment.variable("HOSTILE_SWEEP") else { return }
        let bounds = text.split(separator: "-").compactMap { UInt64($0) }
        guard bounds.count == 2, bounds[0] <= bounds[1] else {
            Issue.record("HOSTILE_SWEEP must be first-last, found \(text)")
            return
        }
        let name = Environment.variable("HOSTILE_RATES") ?? "baseline"
        guard let rates = Self.rateSets[name] else {
            Issue.record("HOSTILE_RATES must be one of \(Self.rateSets.keys.sorted()), found \(name)")
            return
        }
        var failing: [UInt64] = []
        for seed in bounds[0]...bounds[1] {
            if let (violation, _) = Self.run(seed: seed, rates: rates) {
                failing.append(seed)
                print("FAILING \(name) seed \(seed): \(violation.prefix(400))")
            }
        }
        print("sweep \(name) \(text): \(failing.count) of \(bounds[1] - bounds[0] + 1) failing: \(failing)")
    }

    /// Replays one seed and prints its trace: `HOSTILE_SEED=12 HOSTILE_RATES=baseline swift test --filter replayOne`.
    @Test("replay one seed (HOSTILE_SEED, HOSTILE_RATES)", .enabled(if: Environment.variable("HOSTILE_SEED") != nil))
    func replayOne() {
        guard let text = Environment.variable("HOSTILE_SEED"), let seed = UInt64(text) else { return }
        let rates = Self.rateSets[Environment.variable("HOSTILE_RATES") ?? "baseline"]!
        if let (violation, trace) = Self.run(seed: seed, rates: rates, traceLimit: .max) {
            print(trace.joined(separator: "\n"))
            print("VIOLATION seed \(seed): \(violation)")
        } else {
            print("seed \(seed) passes")
        }
    }
}

/// The test process's environment.
enum Environment {
    static func variable(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}

/// A seed of the hostile simulation that failed on a defect, and the unit test that reduces it.
struct PinnedHostileSeed: Sendable, CustomTestStringConvertible {
    let rates: String
    let seed: UInt64
    let reducedBy: String
    var testDescription: String { "\(rates) seed \(seed) (\(reducedBy))" }
}

extension HostileClusterSimulation {
    static let pinned: [PinnedHostileSeed] = [
        PinnedHostileSeed(rates: "baseline", seed: 4, reducedBy: "LeaseAfterUnansweredPowerCommandTests"),
        PinnedHostileSeed(rates: "baseline", seed: 27, reducedBy: "LateUnnamedFailureStatusTests.lateStatusOfFailedAttempt"),
        PinnedHostileSeed(rates: "baseline", seed: 41, reducedBy: "PowerOnAfterGivenUpPowerOffTests.staleSignOfLifeAfterOff"),
        PinnedHostileSeed(rates: "baseline", seed: 92, reducedBy: "RetriedRebootLateFailureTests"),
        PinnedHostileSeed(rates: "updater", seed: 1010, reducedBy: "LaterInstallAttemptStartTests"),
        PinnedHostileSeed(rates: "away", seed: 2042, reducedBy: "InstallRequestConsumedAfterRebootTests"),
        PinnedHostileSeed(rates: "away", seed: 2070, reducedBy: "RebootThroughPowerLossTests"),
        PinnedHostileSeed(rates: "away", seed: 2094, reducedBy: "LateUnnamedFailureStatusTests.duplicatedUnnamedFailure"),
        PinnedHostileSeed(rates: "membership", seed: 3006, reducedBy: "SlotRequestAfterMembershipRoundTripTests"),
        PinnedHostileSeed(rates: "membership", seed: 3026, reducedBy: "LeftClusterWhileEvacuatedTests"),
        PinnedHostileSeed(rates: "membership", seed: 3108, reducedBy: "LeftClusterEvacuationIDTests"),
        PinnedHostileSeed(rates: "announce", seed: 4028, reducedBy: "UpToDateAwaitingRejectedRebootTests"),
        PinnedHostileSeed(rates: "announce", seed: 4005, reducedBy: "HeldPowerOnAfterGivenUpPowerOffTests"),
        PinnedHostileSeed(rates: "maintenance", seed: 6024, reducedBy: "UnannouncedInstallTimeoutTests"),
        PinnedHostileSeed(rates: "everything", seed: 7003, reducedBy: "UpdateAppliedWhileRestoringTests"),
        PinnedHostileSeed(rates: "everything", seed: 7129, reducedBy: "SecondRebootInOneCycleTests.leaseAskedAgainAfterCycle"),
    ]

    /// Each failed with the invariant its unit test pins, and passes since that defect was mended.
    @Test("the seeds of the defects found pass (each reduced to a unit test)", arguments: pinned)
    func pinnedSeed(_ pinned: PinnedHostileSeed) {
        if let (violation, trace) = Self.run(seed: pinned.seed, rates: Self.rateSets[pinned.rates]!) {
            Issue.record(Comment(rawValue: "\(pinned.rates) seed \(pinned.seed), reduced by \(pinned.reducedBy): \(violation)\n" + trace.suffix(30).joined(separator: "\n")))
        }
    }
}
