import Lifecycle
import MaintenancedTesting
import Testing

/// A simulated Incus cluster and its outside world: per member a power controller, an
/// update orchestrator and a maintenance scheduler; one rollout; and an environment (BMC,
/// server agent, Incus, OS updater, boot-config and maintenance operators, claim owners)
/// that answers every request, sometimes with a failure or not at all.
///
/// Messages travel on channels, one per receiving machine and topic, as Kafka delivers
/// them: in order within a channel, in any order between channels (across topics and
/// machines), sometimes twice (a producer retry, or a replay after an instance was
/// killed, which also sends its outputs again), and late (time jumps to a deadline while
/// answers are still on their way). The world also keeps the physical facts (is the
/// server on, is an install running, is it evacuated, is a maintenance being worked on)
/// to check the arbiter's invariants against what really happens to the server.
struct ClusterWorld {
    enum Target: Hashable { case power(Int), orchestrator(Int), scheduler(Int), rollout, environment(Int) }
    enum Message {
        case power(PowerController.Input)
        case orchestrator(Orchestrator.Input)
        case scheduler(Scheduler.Input)
        case rollout(ClusterRollout.Input)
        /// The OS updater finishes the install of `cycle` (or reports it failed).
        case installEnds(cycle: String, request: String, fails: Bool)
        /// The maintenance operator finishes its work.
        case maintenanceWorkEnds(MaintenanceID, fails: Bool)
        /// The server has booted and its agent registers itself.
        case booted
    }
    /// A machine's input topic: its messages arrive in order.
    struct Channel: Hashable {
        let target: Target
        let topic: String
    }

    /// What is physically going on at one server.
    struct Physical {
        var poweredOn = true
        /// The cycle of the install running on the server, if any.
        var installing: String?
        /// Evacuated (or being evacuated or restored) by its update.
        var evacuated = false
        /// Rebooting for its update, until it has booted.
        var updateRebooting = false
        /// The maintenance operator is working on it.
        var maintenanceWork = false
    }

    var powers: [PowerController]
    var orchestrators: [Orchestrator]
    var schedulers: [Scheduler]
    var rollout: ClusterRollout
    var physical: [Physical]
    var channels: [Channel: [Message]] = [:]
    /// Channels in the order they first got a message, so a seed replays the same run.
    var channelOrder: [Channel] = []
    /// Invariants seen broken, with the step.
    var violations: [String] = []
    /// The last deliveries and their results, shown when an invariant breaks.
    var trace: [String] = []
    /// Install requests (their ids) sent per member and cycle; a replay sends the same ids again.
    var installRequests: [Int: [String: Set<String>]] = [:]
    var now = t0
    var random: SeededGenerator
    /// Percent of answers that are failures or never come.
    let failureRate: Int
    /// Percent of deliveries and routed outputs that happen twice.
    let duplicateRate: Int

    init(members: Int, maxUnavailable: Int, failureRate: Int, duplicateRate: Int, random: SeededGenerator) {
        let policy = RetryPolicy(timeout: .minutes(10), attempts: 3)
        let power = PowerController.Settings(powerOn: policy, gracefulOffTimeout: .minutes(5), forcedOff: policy, reboot: policy)
        let update = Orchestrator.Settings(update: policy, serverReady: RetryPolicy(timeout: .hours(1), attempts: 5), lease: RetryPolicy(timeout: .hours(6), attempts: 5),
                                           slot: RetryPolicy(timeout: .hours(12), attempts: 5), evacuation: policy, reboot: RetryPolicy(timeout: .hours(1), attempts: 3), restore: policy)
        let scheduling = Scheduler.Settings(approval: policy, power: RetryPolicy(timeout: .hours(1), attempts: 3), bootConfiguration: policy, maintenance: policy)
        var random = random
        powers = Array(repeating: PowerController(settings: power), count: members)
        // Most members are clustered (evacuate, reboot, restore); the others are only rebooted.
        orchestrators = (0..<members).map { _ in Orchestrator(settings: update, clusterID: Int.random(in: 0..<4, using: &random) == 0 ? nil : "c1") }
        self.random = random
        schedulers = Array(repeating: Scheduler(settings: scheduling), count: members)
        rollout = ClusterRollout(maxUnavailable: maxUnavailable)
        physical = Array(repeating: Physical(), count: members)
        self.failureRate = failureRate
        self.duplicateRate = duplicateRate
        for member in 0..<members {
            send(.power(member), "server.lifecycle", .power(.registered()))
            send(.power(member), "server.lifecycle", .power(.configurationDone))
            send(.power(member), "power.events", .power(.powerObserved(.on)))
            send(.orchestrator(member), "server.lifecycle", .orchestrator(.updateAvailable))
            if Bool.random(using: &self.random) { send(.scheduler(member), "server.lifecycle", .scheduler(.claimChanged(Claim()))) }
            for name in ["bios", "cleanup"] where Bool.random(using: &self.random) {
                let request = maintenance(name, boot: Bool.random(using: &self.random) ? "sbc" : nil, power: [PowerState.off, .on].pick(&self.random))
                send(.scheduler(member), "maintenance.requests", .scheduler(.maintenanceRequested(request)))
            }
        }
    }

    mutating func send(_ target: Target, _ topic: String, _ message: Message) {
        let channel = Channel(target: target, topic: topic)
        if channels[channel] == nil { channelOrder.append(channel) }
        channels[channel, default: []].append(message)
    }

    /// Whether the environment fails (or drops) this answer.
    mutating func fails() -> Bool { Int.random(in: 0..<100, using: &random) < failureRate }
    /// Whether this delivery or output happens twice.
    mutating func twice() -> Bool { Int.random(in: 0..<100, using: &random) < duplicateRate }

    var isQuiet: Bool { channels.values.allSatisfy(\.isEmpty) }

    /// Whether cluster member `index` is disrupted by its update: between evacuating and restoring, or rebooting.
    func isDisrupted(_ index: Int) -> Bool {
        let orchestrator = orchestrators[index]
        guard orchestrator.clusterID != nil else { return false }
        return orchestrator.maintenance != .notInMaintenance || [.rebooting, .inMaintenanceRebooting].contains(orchestrator.updateState)
    }

    mutating func violated(_ what: String) { violations.append("\(now) \(what)") }

    /// Invariant: the update role starts a disruptive step only while the scheduler has
    /// granted it the member's lease, and never while a maintenance is worked on.
    mutating func checkUpdateMayDisrupt(_ index: Int, _ step: String) {
        let scheduler = schedulers[index]
        if scheduler.phase != .leased || scheduler.leaseRequestID != orchestrators[index].leaseRequestID {
            violated("member \(index): \(step) without the lease (scheduler \(scheduler.phase.label), lease \(scheduler.leaseRequestID ?? "none"))")
        }
        if physical[index].maintenanceWork { violated("member \(index): \(step) while a maintenance is worked on") }
    }

    /// Invariant: a maintenance's power action or work never happens during an install,
    /// evacuation or reboot of the update role.
    mutating func checkMaintenanceMayDisrupt(_ index: Int, _ step: String) {
        let server = physical[index]
        if let cycle = server.installing { violated("member \(index): \(step) during the install of \(cycle)") }
        if server.evacuated { violated("member \(index): \(step) while evacuated by its update") }
        if server.updateRebooting { violated("member \(index): \(step) while rebooting for its update") }
    }

    /// Delivers the oldest message of a random channel that has one; false when there is none.
    mutating func deliverOne() -> Bool {
        let ready = channelOrder.filter { !(channels[$0]?.isEmpty ?? true) }
        guard !ready.isEmpty else { return false }
        let channel = ready.pick(&random)
        let message = channels[channel]!.removeFirst()
        if twice() { channels[channel]!.insert(message, at: 0) }
        now = now + Milliseconds(Int64.random(in: 0..<2_000, using: &random))
        deliver(channel.target, message)
        return true
    }

    /// Ticks every machine at the earliest deadline (or a minute on).
    mutating func tickAll() {
        let deadlines = powers.compactMap(\.nextDeadline) + orchestrators.compactMap { $0.wait?.deadline }
            + schedulers.compactMap { $0.wait?.deadline }
        now = max(now, deadlines.min() ?? now + .minutes(1))
        for index in powers.indices {
            deliver(.power(index), .power(.tick))
            deliver(.orchestrator(index), .orchestrator(.tick))
            deliver(.scheduler(index), .scheduler(.tick))
        }
    }

    mutating func deliver(_ target: Target, _ message: Message) {
        var result = ""
        switch (target, message) {
        case let (.power(index), .power(input)):
            let handled = powers[index].handle(input, at: now)
            if case let .success(outputs) = handled { routeTwice { $0.route(index, outputs) } }
            result = "\(handled)"
        case let (.orchestrator(index), .orchestrator(input)):
            let handled = orchestrators[index].handle(input, at: now)
            if case let .success(outputs) = handled { routeTwice { $0.route(index, outputs) } }
            result = "\(handled)"
        case let (.scheduler(index), .scheduler(input)):
            let handled = schedulers[index].handle(input, at: now)
            if case let .success(outputs) = handled { routeTwice { $0.route(index, outputs) } }
            result = "\(handled)"
        case let (.rollout, .rollout(input)):
            let handled = rollout.handle(input, at: now)
            if case let .success(outputs) = handled {
                for case let .granted(member, requestID) in outputs {
                    send(.orchestrator(Int(member.dropFirst())!), "server.transitions", .orchestrator(.slotGranted(requestID: requestID, cluster: "c1")))
                }
            }
            result = "\(handled)"
        case let (.environment(index), .installEnds(cycle, request, fails)):
            // The OS updater reports only an install that still runs: a powered-off server's install is gone.
            guard physical[index].installing == cycle else { return }
            physical[index].installing = nil
            if fails {
                send(.power(index), "server.lifecycle", .power(.updateFailed(cycleID: cycle, requestID: request)))
                send(.orchestrator(index), "server.lifecycle", .orchestrator(.updateFailed(cycleID: cycle, reason: "apt", requestID: request)))
            } else {
                send(.power(index), "server.lifecycle", .power(.updateFinished(requiresReboot: true, cycleID: cycle, requestID: request)))
            }
        case let (.environment(index), .maintenanceWorkEnds(id, fails)):
            guard physical[index].maintenanceWork else { return }
            physical[index].maintenanceWork = false
            send(.scheduler(index), "maintenance.requests", .scheduler(fails ? .maintenanceFailed(id, reason: "flash") : .maintenanceCompleted(id)))
        case let (.environment(index), .booted):
            guard physical[index].poweredOn else { return }
            physical[index].updateRebooting = false
            send(.power(index), "server.lifecycle", .power(.signOfLife()))
        default:
            Issue.record("misrouted \(message) to \(target)")
        }
        if case .power(.tick) = message { return }
        if case .orchestrator(.tick) = message { return }
        if case .scheduler(.tick) = message { return }
        trace.append("\(now) \(target) ← \(message) ⇒ \(result)")
        if trace.count > 400 { trace.removeFirst() }
    }

    /// Routes a machine's outputs, and sometimes again: an instance killed after producing
    /// them but before committing its input replays the input and produces them once more.
    /// The environment answers each request id once (it de-duplicates by event id), so the
    /// copies reach only the machines.
    mutating func routeTwice(_ route: (inout ClusterWorld) -> Void) {
        route(&self)
        if twice() { route(&self) }
    }

    mutating func route(_ index: Int, _ outputs: [PowerController.Output]) {
        for output in outputs {
            switch output {
            case let .statusChanged(change):
                send(.orchestrator(index), "server.transitions", .orchestrator(.serverStatus(change)))
            case let .observedPowerChanged(power, sequence):
                send(.scheduler(index), "server.transitions", .scheduler(.powerObserved(power, sequence: sequence)))
            case let .bmc(request):
                bmc(index, request)
            case let .operationCompleted(request):
                send(request.requester == .scheduler ? .scheduler(index) : .orchestrator(index), "server.transitions",
                     request.requester == .scheduler ? .scheduler(.powerCompleted(requestID: request.id)) : .orchestrator(.powerCompleted(requestID: request.id)))
            case let .operationFailed(request, reason):
                send(request.requester == .scheduler ? .scheduler(index) : .orchestrator(index), "server.transitions",
                     request.requester == .scheduler ? .scheduler(.powerFailed(requestID: request.id, reason: reason))
                        : .orchestrator(.powerFailed(requestID: request.id, reason: reason)))
            case let .operationBusy(request, running):
                let reason = PowerController.busyReason(running: running)
                send(request.requester == .scheduler ? .scheduler(index) : .orchestrator(index), "server.transitions",
                     request.requester == .scheduler ? .scheduler(.powerFailed(requestID: request.id, reason: reason, busy: true))
                        : .orchestrator(.powerFailed(requestID: request.id, reason: reason, busy: true)))
            }
        }
    }

    /// The BMC carries out (or fails) a power request at once.
    mutating func bmc(_ index: Int, _ request: BMCRequest) {
        if fails() {
            send(.power(index), "power.events", .power(.bmcFailed(requestID: request.requestID, sequence: request.sequence, reason: "bmc")))
            return
        }
        let forUpdate = request.requestID.hasPrefix("update/")
        if forUpdate {
            checkUpdateMayDisrupt(index, "update reboot \(request.requestID)")
        } else {
            checkMaintenanceMayDisrupt(index, "maintenance power action \(request.action) \(request.requestID)")
        }
        switch request.action {
        case .gracefulOff, .forcedOff:
            physical[index].poweredOn = false
            physical[index].installing = nil
        case .powerOn, .reboot:
            let wasOn = physical[index].poweredOn
            physical[index].poweredOn = true
            if request.action == .reboot {
                physical[index].installing = nil
                if forUpdate { physical[index].updateRebooting = true }
            }
            if request.action == .reboot || !wasOn { send(.environment(index), "boot", .booted) }
        }
        send(.power(index), "power.events", .power(.bmcSucceeded(requestID: request.requestID, sequence: request.sequence)))
    }

    mutating func route(_ index: Int, _ outputs: [Orchestrator.Output]) {
        for output in outputs {
            switch output {
            case let .triggerUpdate(requestID, cycleID):
                installRequests[index, default: [:]][cycleID, default: []].insert(requestID)
                checkUpdateMayDisrupt(index, "install of \(cycleID)")
                guard physical[index].poweredOn, physical[index].installing == nil else { break }
                if fails() && Bool.random(using: &random) { break }  // the request is lost: nothing runs
                physical[index].installing = cycleID
                send(.power(index), "server.lifecycle", .power(.updateStarted(cycleID: cycleID, requestID: requestID)))
                send(.environment(index), "install", .installEnds(cycle: cycleID, request: requestID, fails: fails()))
            case let .evacuate(requestID):
                checkUpdateMayDisrupt(index, "evacuation \(requestID)")
                physical[index].evacuated = true
                send(.orchestrator(index), "server.lifecycle",
                     .orchestrator(fails() ? .evacuationFailed(requestID: requestID, reason: "busy") : .evacuationCompleted(requestID: requestID)))
            case let .restore(requestID):
                checkUpdateMayDisrupt(index, "restore \(requestID)")
                if fails() {
                    send(.orchestrator(index), "server.lifecycle", .orchestrator(.restoreFailed(requestID: requestID, reason: "busy")))
                } else {
                    physical[index].evacuated = false
                    send(.orchestrator(index), "server.lifecycle", .orchestrator(.restoreCompleted(requestID: requestID)))
                }
            case let .power(request):
                send(.power(index), "power.commands", .power(.command(request)))
            case let .requestLease(requestID):
                send(.scheduler(index), "maintenance.requests", .scheduler(.leaseRequested(requestID: requestID)))
            case let .releaseLease(requestID):
                send(.scheduler(index), "maintenance.requests", .scheduler(.leaseReleased(requestID: requestID)))
            case let .requestSlot(_, requestID):
                send(.rollout, "cluster.rollouts", .rollout(.request(member: "m\(index)", requestID: requestID)))
            case .releaseSlot:
                send(.rollout, "cluster.rollouts", .rollout(.release(member: "m\(index)")))
            case .updateStateChanged, .maintenanceStateChanged:
                break
            }
        }
    }

    mutating func route(_ index: Int, _ outputs: [Scheduler.Output]) {
        for output in outputs {
            switch output {
            case let .leaseGranted(requestID):
                send(.orchestrator(index), "server.transitions", .orchestrator(.leaseGranted(requestID: requestID)))
            case let .power(request):
                send(.power(index), "power.commands", .power(.command(request)))
            case let .requestBootConfiguration(id, _):
                send(.scheduler(index), "maintenance.requests", .scheduler(fails() ? .bootConfigurationFailed(id, reason: "tftp") : .bootConfigurationReady(id)))
            case let .releaseBootConfiguration(id, _):
                if !fails() { send(.scheduler(index), "maintenance.requests", .scheduler(.bootConfigurationReleased(id))) }
            case let .maintenanceReady(id):
                checkMaintenanceMayDisrupt(index, "maintenance work on \(id)")
                if schedulers[index].leaseRequestID != nil, schedulers[index].phase == .leased {
                    violated("member \(index): maintenance \(id) started while the lease is granted")
                }
                physical[index].maintenanceWork = true
                send(.environment(index), "maintenance", .maintenanceWorkEnds(id, fails: fails()))
            case .maintenanceNeeded:
                send(.scheduler(index), "server.lifecycle", .scheduler(.claimChanged(Claim(okToMaintenance: true))))
            case let .maintenanceStateChanged(transition) where transition.from == .inMaintenance:
                physical[index].maintenanceWork = false  // ended (or cancelled): its operator stops
            case .maintenanceStateChanged, .operationalStateChanged, .powerRestoreFailed:
                break
            }
        }
    }
}

@Suite("Property-based: the three roles and the operators over random interleavings")
struct ClusterRolloutProperties {
    /// Runs a random world to quiescence, checking the invariants after every delivery.
    static func run(seed: UInt64, failureRate: Int, duplicateRate: Int) -> (String, [String])? {
        var random = SeededGenerator(seed: seed)
        let members = Int.random(in: 2...4, using: &random)
        let maxUnavailable = Int.random(in: 1...2, using: &random)
        var world = ClusterWorld(members: members, maxUnavailable: maxUnavailable, failureRate: failureRate, duplicateRate: duplicateRate, random: random)
        var retries = 0
        for step in 0..<6_000 {
            // Time jumps to the next deadline when nothing is in flight, and (with failures) now and then before answers arrive.
            let early = failureRate > 0 && Int.random(in: 0..<20, using: &world.random) == 0
            if early || !world.deliverOne() {
                let waiting = world.orchestrators.contains { $0.wait != nil } || world.schedulers.contains { $0.wait != nil }
                    || world.powers.contains { $0.operation != nil }
                if world.isQuiet && !waiting {
                    // An operator retries a failed cycle now and then: it must lead to its step again.
                    guard retries < 3, let failed = world.orchestrators.firstIndex(where: { $0.updateState == .failed }) else { break }
                    retries += 1
                    world.send(.orchestrator(failed), "server.lifecycle", .orchestrator(.retry))
                    continue
                }
                world.tickAll()
            }
            if let violation = world.violations.first { return ("step \(step): \(violation)", world.trace) }
            let disrupted = world.powers.indices.filter(world.isDisrupted)
            if disrupted.count > maxUnavailable { return ("step \(step): members \(disrupted) disrupted at once, maxUnavailable \(maxUnavailable)", world.trace) }
            if world.rollout.holders.count > maxUnavailable { return ("step \(step): \(world.rollout.holders) hold slots", world.trace) }
            for index in disrupted where world.schedulers[index].active != nil {
                return ("step \(step): member \(index) is in maintenance \(world.schedulers[index].active!.id) during its update", world.trace)
            }
        }
        for (index, orchestrator) in world.orchestrators.enumerated() {
            if ![.upToDate, .failed].contains(orchestrator.updateState) || orchestrator.wait != nil {
                return ("member \(index) ended in \(orchestrator.updateState.label), wait \(String(describing: orchestrator.wait))", world.trace)
            }
            if failureRate == 0, orchestrator.updateState != .upToDate { return ("member \(index) failed without failures: \(orchestrator.failure!)", world.trace) }
        }
        if failureRate == 0 {
            if !world.rollout.holders.isEmpty { return ("slots still held: \(world.rollout.holders)", world.trace) }
            for (index, scheduler) in world.schedulers.enumerated() where !scheduler.queue.isEmpty || scheduler.operational == .maintenance {
                return ("member \(index): maintenance left \(scheduler.queue.map(\.id)), \(scheduler.operational)", world.trace)
            }
            for (index, scheduler) in world.schedulers.enumerated() where scheduler.leaseRequestID != nil {
                return ("member \(index): lease \(scheduler.leaseRequestID!) never released", world.trace)
            }
            for (index, cycles) in world.installRequests where cycles.values.contains(where: { $0.count > 1 }) {
                return ("member \(index): an install asked for again without a failure: \(cycles)", world.trace)
            }
        }
        return nil
    }

    static func check(seeds: ClosedRange<UInt64>, failureRate: (UInt64) -> Int, duplicateRate: Int) {
        for seed in seeds {
            if let (violation, trace) = run(seed: seed, failureRate: failureRate(seed), duplicateRate: duplicateRate) {
                Issue.record(Comment(rawValue: "seed \(seed): \(violation)\n" + trace.suffix(40).joined(separator: "\n")))
                return
            }
        }
    }

    @Test("a cluster never has more than maxUnavailable members disrupted, updates and maintenances never overlap, and every cycle ends")
    func rollingUpdate() {
        Self.check(seeds: 1...60, failureRate: { $0 % 3 == 0 ? 0 : 15 }, duplicateRate: 0)
    }

    @Test("with duplicates and replays too: no install, evacuation or update reboot without the scheduler's lease, no maintenance power action or work during one")
    func arbiterUnderDuplicates() {
        Self.check(seeds: 101...220, failureRate: { $0 % 3 == 0 ? 0 : 15 }, duplicateRate: 10)
    }
}
