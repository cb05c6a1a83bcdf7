import Lifecycle
import Testing

/// A simulated Incus cluster: per member a power controller, an update orchestrator and a
/// maintenance scheduler; one rollout; and an environment (BMC, Incus, OS update, boot-config
/// and maintenance operators, claim owners) that answers every request, sometimes with a
/// failure or not at all. Messages reach the machines in random order across machines and
/// in order per machine, as partitions would deliver them.
struct ClusterWorld {
    enum Target: Hashable { case power(Int), orchestrator(Int), scheduler(Int), rollout }
    enum Message {
        case power(PowerController.Input)
        case orchestrator(Orchestrator.Input)
        case scheduler(Scheduler.Input)
        case rollout(ClusterRollout.Input)
    }

    var powers: [PowerController]
    var orchestrators: [Orchestrator]
    var schedulers: [Scheduler]
    var rollout: ClusterRollout
    var inbox: [(target: Target, message: Message)] = []
    /// The last deliveries and their results, shown when an invariant breaks.
    var trace: [String] = []
    var now = t0
    var random: SeededRandom
    /// Percent of answers that are failures or never come.
    let failureRate: Int

    init(members: Int, maxUnavailable: Int, failureRate: Int, random: SeededRandom) {
        let policy = RetryPolicy(timeout: .minutes(10), attempts: 3)
        let power = PowerController.Settings(powerOn: policy, gracefulOffTimeout: .minutes(5), forcedOff: policy, reboot: policy)
        let update = Orchestrator.Settings(update: policy, serverReady: RetryPolicy(timeout: .hours(1), attempts: 5), lease: RetryPolicy(timeout: .hours(6), attempts: 5),
                                           slot: RetryPolicy(timeout: .hours(12), attempts: 5), evacuation: policy, reboot: RetryPolicy(timeout: .hours(1), attempts: 3), restore: policy)
        let scheduling = Scheduler.Settings(approval: policy, power: RetryPolicy(timeout: .hours(1), attempts: 3), bootConfiguration: policy, maintenance: policy)
        powers = Array(repeating: PowerController(settings: power), count: members)
        orchestrators = Array(repeating: Orchestrator(settings: update, clusterID: "c1"), count: members)
        schedulers = Array(repeating: Scheduler(settings: scheduling), count: members)
        rollout = ClusterRollout(maxUnavailable: maxUnavailable)
        self.failureRate = failureRate
        self.random = random
        for member in 0..<members {
            send(.power(member), .power(.registered))
            send(.power(member), .power(.configurationDone))
            send(.power(member), .power(.powerObserved(.on)))
            send(.orchestrator(member), .orchestrator(.updateAvailable))
            if Bool.random(using: &self.random) { send(.scheduler(member), .scheduler(.claimChanged(Claim()))) }
            if Bool.random(using: &self.random) {
                send(.scheduler(member), .scheduler(.maintenanceRequested(maintenance("bios", boot: Bool.random(using: &self.random) ? "sbc" : nil))))
            }
        }
    }

    mutating func send(_ target: Target, _ message: Message) { inbox.append((target, message)) }

    /// Whether the environment fails (or drops) this answer.
    mutating func fails() -> Bool { Int.random(in: 0..<100, using: &random) < failureRate }

    /// Whether member `index` is disrupted by its update: between evacuating and restoring, or rebooting.
    func isDisrupted(_ index: Int) -> Bool {
        let orchestrator = orchestrators[index]
        return orchestrator.maintenance != .notInMaintenance || [.rebooting, .inMaintenanceRebooting].contains(orchestrator.updateState)
    }

    /// Delivers the oldest message of a random machine that has one; false when there is none.
    mutating func deliverOne() -> Bool {
        var targets: [Target] = []
        for entry in inbox where !targets.contains(entry.target) { targets.append(entry.target) }
        guard !targets.isEmpty else { return false }
        let target = targets.pick(&random)
        let index = inbox.firstIndex { $0.target == target }!
        let (_, message) = inbox.remove(at: index)
        now = now + Milliseconds(Int64.random(in: 0..<2_000, using: &random))
        deliver(target, message)
        return true
    }

    /// Ticks every machine at the earliest deadline (or a minute on).
    mutating func tickAll() {
        let deadlines = powers.compactMap { $0.operation?.wait.deadline } + orchestrators.compactMap { $0.wait?.deadline }
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
            if case let .success(outputs) = handled { route(index, outputs) }
            result = "\(handled)"
        case let (.orchestrator(index), .orchestrator(input)):
            let handled = orchestrators[index].handle(input, at: now)
            if case let .success(outputs) = handled { route(index, outputs) }
            result = "\(handled)"
        case let (.scheduler(index), .scheduler(input)):
            let handled = schedulers[index].handle(input, at: now)
            if case let .success(outputs) = handled { route(index, outputs) }
            result = "\(handled)"
        case let (.rollout, .rollout(input)):
            let handled = rollout.handle(input, at: now)
            if case let .success(outputs) = handled {
                for case let .granted(member) in outputs { send(.orchestrator(Int(member.dropFirst())!), .orchestrator(.slotGranted)) }
            }
            result = "\(handled)"
        default:
            Issue.record("misrouted \(message) to \(target)")
        }
        if case .power(.tick) = message { return }
        if case .orchestrator(.tick) = message { return }
        if case .scheduler(.tick) = message { return }
        trace.append("\(now) \(target) ← \(message) ⇒ \(result)")
        if trace.count > 400 { trace.removeFirst() }
    }

    mutating func route(_ index: Int, _ outputs: [PowerController.Output]) {
        for output in outputs {
            switch output {
            case let .statusChanged(change):
                send(.orchestrator(index), .orchestrator(.serverStatus(change)))
            case let .observedPowerChanged(power):
                send(.scheduler(index), .scheduler(.powerObserved(power)))
            case let .bmc(request):
                if fails() {
                    send(.power(index), .power(.bmcFailed(requestID: request.requestID, sequence: request.sequence, reason: "bmc")))
                } else {
                    send(.power(index), .power(.bmcSucceeded(requestID: request.requestID, sequence: request.sequence)))
                    if request.action == .reboot || request.action == .powerOn { send(.power(index), .power(.signOfLife)) }
                }
            case let .operationCompleted(request):
                send(request.requester == .scheduler ? .scheduler(index) : .orchestrator(index),
                     request.requester == .scheduler ? .scheduler(.powerCompleted(requestID: request.id)) : .orchestrator(.powerCompleted(requestID: request.id)))
            case let .operationFailed(request, reason):
                send(request.requester == .scheduler ? .scheduler(index) : .orchestrator(index),
                     request.requester == .scheduler ? .scheduler(.powerFailed(requestID: request.id, reason: reason))
                        : .orchestrator(.powerFailed(requestID: request.id, reason: reason)))
            }
        }
    }

    mutating func route(_ index: Int, _ outputs: [Orchestrator.Output]) {
        for output in outputs {
            switch output {
            case .triggerUpdate:
                if fails() {
                    send(.orchestrator(index), .orchestrator(.updateFailed(reason: "apt")))
                } else {
                    send(.power(index), .power(.updateStarted))
                    send(.power(index), .power(.updateFinished(requiresReboot: true)))
                }
            case .evacuate:
                send(.orchestrator(index), .orchestrator(fails() ? .evacuationFailed(reason: "busy") : .evacuationCompleted))
            case .restore:
                send(.orchestrator(index), .orchestrator(fails() ? .restoreFailed(reason: "busy") : .restoreCompleted))
            case let .power(request):
                send(.power(index), .power(.command(request)))
            case let .requestLease(requestID):
                send(.scheduler(index), .scheduler(.leaseRequested(requestID: requestID)))
            case let .releaseLease(requestID):
                send(.scheduler(index), .scheduler(.leaseReleased(requestID: requestID)))
            case .requestSlot:
                send(.rollout, .rollout(.request(member: "m\(index)")))
            case .releaseSlot:
                send(.rollout, .rollout(.release(member: "m\(index)")))
            case .updateStateChanged, .maintenanceStateChanged:
                break
            }
        }
    }

    mutating func route(_ index: Int, _ outputs: [Scheduler.Output]) {
        for output in outputs {
            switch output {
            case let .leaseGranted(requestID):
                send(.orchestrator(index), .orchestrator(.leaseGranted(requestID: requestID)))
            case let .power(request):
                send(.power(index), .power(.command(request)))
            case let .requestBootConfiguration(id, _):
                send(.scheduler(index), .scheduler(fails() ? .bootConfigurationFailed(id, reason: "tftp") : .bootConfigurationReady(id)))
            case let .releaseBootConfiguration(id, _):
                if !fails() { send(.scheduler(index), .scheduler(.bootConfigurationReleased(id))) }
            case let .maintenanceReady(id):
                send(.scheduler(index), .scheduler(fails() ? .maintenanceFailed(id, reason: "flash") : .maintenanceCompleted(id)))
            case .maintenanceNeeded:
                send(.scheduler(index), .scheduler(.claimChanged(Claim(okToMaintenance: true))))
            case .maintenanceStateChanged, .operationalStateChanged, .powerRestoreFailed:
                break
            }
        }
    }
}

@Suite("Property-based: rolling update of a cluster")
struct ClusterRolloutProperties {
    /// Runs a random world to quiescence, checking the cluster invariants after every delivery.
    static func run(seed: UInt64, failureRate: Int) -> (String, [String])? {
        var random = SeededRandom(seed: seed)
        let members = Int.random(in: 2...4, using: &random)
        let maxUnavailable = Int.random(in: 1...2, using: &random)
        var world = ClusterWorld(members: members, maxUnavailable: maxUnavailable, failureRate: failureRate, random: random)
        for step in 0..<4_000 {
            // Time jumps to the next deadline when nothing is in flight, and (with failures) now and then before answers arrive.
            let early = failureRate > 0 && Int.random(in: 0..<20, using: &world.random) == 0
            if early || !world.deliverOne() {
                let waiting = world.orchestrators.contains { $0.wait != nil } || world.schedulers.contains { $0.wait != nil }
                    || world.powers.contains { $0.operation != nil }
                if world.inbox.isEmpty && !waiting { break }
                world.tickAll()
            }
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
        }
        return nil
    }

    @Test("a cluster never has more than maxUnavailable members disrupted, updates and maintenances never overlap, and every cycle ends")
    func rollingUpdate() {
        for seed in UInt64(1)...60 {
            if let (violation, trace) = Self.run(seed: seed, failureRate: seed % 3 == 0 ? 0 : 15) {
                Issue.record(Comment(rawValue: "seed \(seed): \(violation)\n" + trace.suffix(30).joined(separator: "\n")))
                return
            }
        }
    }
}
