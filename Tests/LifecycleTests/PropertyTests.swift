import Contracts
import Lifecycle
import MaintenancedTesting
import Testing

/// Runs `body` for `count` seeds; a body returns the first invariant it saw broken, and
/// the test fails naming the seed so the run can be repeated.
func forAllSeeds(_ count: Int, _ body: (inout SeededGenerator) -> String?) {
    for seed in 1...UInt64(count) {
        var random = SeededGenerator(seed: seed)
        if let violation = body(&random) {
            Issue.record("seed \(seed): \(violation)")
            return
        }
    }
}

extension Array {
    /// A random element (the array is never empty where this is used).
    func pick(_ random: inout SeededGenerator) -> Element { self[Int.random(in: 0..<count, using: &random)] }
}

// MARK: Random inputs

/// A random scheduler input, biased towards answers the scheduler waits for, and its time.
func randomInput(_ scheduler: Scheduler, now: Instant, _ random: inout SeededGenerator) -> (Scheduler.Input, Instant) {
    let names = ["m0", "m1", "m2", "m3", "m4"]
    let current = scheduler.current ?? id(names.pick(&random))
    let later = now + Milliseconds(Int64.random(in: 0..<600_000, using: &random))
    switch Int.random(in: 0..<20, using: &random) {
    case 0, 1, 2:
        let request = maintenance(names.pick(&random), priority: Int.random(in: 0...3, using: &random),
                                  policy: Bool.random(using: &random) ? .enforced : .ownerApproval,
                                  boot: Bool.random(using: &random) ? "sbc" : nil, power: [PowerState.off, .off, .on].pick(&random))
        return (.maintenanceRequested(request), later)
    case 3: return (.cancel(id(names.pick(&random))), later)
    case 4: return (.claimChanged([nil, Claim(), Claim(okToMaintenance: true)].pick(&random)), later)
    case 5: return (.powerObserved([PowerState.on, .off].pick(&random)), later)
    case 6: return (.powerCompleted(requestID: scheduler.powerRequestID ?? "stale"), later)
    case 7: return (.powerFailed(requestID: scheduler.powerRequestID ?? "stale", reason: "bmc"), later)
    case 8: return (.bootConfigurationReady(current), later)
    case 9: return (.bootConfigurationFailed(current, reason: "tftp"), later)
    case 10: return (.bootConfigurationReleased(current), later)
    case 11, 12: return (.maintenanceCompleted(current), later)
    case 13: return (.maintenanceFailed(current, reason: "flash"), later)
    case 14: return (.leaseRequested(requestID: ["L1", "L2"].pick(&random)), later)
    case 15: return (.leaseReleased(requestID: scheduler.leaseRequestID ?? "L1"), later)
    default: return (.tick, max(later, scheduler.wait?.deadline ?? later))
    }
}

/// A random orchestrator input: status changes the power controller could send next, reports, grants and ticks.
func randomInput(_ machine: Orchestrator, now: Instant, _ random: inout SeededGenerator) -> (Orchestrator.Input, Instant) {
    let later = now + Milliseconds(Int64.random(in: 0..<300_000, using: &random))
    switch Int.random(in: 0..<18, using: &random) {
    case 0, 1, 2, 3, 4:
        let arrows = PowerController.statusTable.transitions.filter { $0.from == machine.server && $0.to != $0.from }
        let arrow = arrows.pick(&random)
        return (change(arrow.from, arrow.to, arrow.trigger,
                       requiresReboot: arrow.trigger == .updateFinished ? Bool.random(using: &random) : nil), later)
    case 5: return (.updateAvailable, later)
    case 6: return (.leaseGranted(requestID: machine.leaseRequestID), later)
    case 7: return (.slotGranted(requestID: [machine.slotRequestID, "update-0-slot"].pick(&random), cluster: [machine.clusterID ?? "c1", "c1", "c2"].pick(&random)), later)
    case 8: return (.evacuationCompleted(requestID: [machine.incusRequestID ?? "stale", "stale"].pick(&random)), later)
    case 9: return (.evacuationFailed(requestID: machine.incusRequestID ?? "stale", reason: "busy"), later)
    case 10: return (.restoreCompleted(requestID: [machine.incusRequestID ?? "stale", "stale"].pick(&random)), later)
    case 11: return (.restoreFailed(requestID: machine.incusRequestID ?? "stale", reason: "busy"), later)
    case 12: return (.powerCompleted(requestID: machine.powerRequestID ?? "stale"), later)
    case 13: return (.powerFailed(requestID: machine.powerRequestID ?? "stale", reason: "bmc"), later)
    case 14: return ([Orchestrator.Input.retry, .updateFailed(cycleID: [machine.cycleID, "update-0"].pick(&random), reason: "apt"), .clusterMembership(["c1", nil].pick(&random))].pick(&random), later)
    default: return (.tick, max(later, machine.wait?.deadline ?? later))
    }
}

/// A random power controller input.
func randomInput(_ machine: PowerController, now: Instant, _ random: inout SeededGenerator) -> (PowerController.Input, Instant) {
    let later = now + Milliseconds(Int64.random(in: 0..<120_000, using: &random))
    let operation = machine.operation
    let inputs: [PowerController.Input] = [
        .registered(), .configurationDone, .reconfigurationTriggered, .signOfLife(), .signOfLife(boot: ["b1", "b2", "b3"].pick(&random)), .updateStarted(cycleID: "update-1"),
        .updateFinished(requiresReboot: Bool.random(using: &random), cycleID: ["update-1", "update-0", nil].pick(&random)),
        .command(PowerRequest([PowerOperationKind.powerOn, .powerOff, .reboot].pick(&random), by: .scheduler, id: "r\(Int.random(in: 0..<3, using: &random))")),
        .bmcSucceeded(requestID: operation?.request.id ?? "x", sequence: operation?.sequence ?? 1),
        .bmcFailed(requestID: operation?.request.id ?? "x", sequence: operation?.sequence ?? 1, reason: "no"),
        .powerObserved([PowerState.on, .off].pick(&random)),
    ]
    if Int.random(in: 0..<5, using: &random) == 0 {
        return (.tick, max(later, [operation?.wait.deadline, machine.signOfLifeDeadline].compactMap { $0 }.min() ?? later))
    }
    return (inputs.pick(&random), later)
}

/// A random sequence of `length` inputs with their times, generated against the machine's own states.
func randomSequence<M: LifecycleMachine>(
    _ start: M, length: Int, _ random: inout SeededGenerator, _ next: (M, Instant, inout SeededGenerator) -> (M.Input, Instant)
) -> [(M.Input, Instant)] {
    var machine = start
    var now = t0
    var sequence: [(M.Input, Instant)] = []
    for _ in 0..<length {
        let (input, time) = next(machine, now, &random)
        now = time
        _ = machine.handle(input, at: time)
        sequence.append((input, time))
    }
    return sequence
}

@Suite("Property-based: maintenance scheduler")
struct SchedulerProperties {
    static let settings = Scheduler.Settings(
        approval: RetryPolicy(timeout: .minutes(30), attempts: 2), power: RetryPolicy(timeout: .minutes(10), attempts: 2),
        bootConfiguration: RetryPolicy(timeout: .minutes(10), attempts: 2), maintenance: RetryPolicy(timeout: .hours(1), attempts: 1))

    @Test("never two active maintenances; starts in priority-then-arrival order, approved and in the window; the server returns to its operational state")
    func invariants() {
        forAllSeeds(300) { random in
            var settings = Self.settings
            if Bool.random(using: &random) { settings.window = MaintenanceWindow(startMinute: 60, length: .hours(2)) }
            settings.alwaysPerformMaintenance = Int.random(in: 0..<4, using: &random) == 0
            var scheduler = Scheduler(settings: settings, claim: Bool.random(using: &random) ? Claim() : nil, power: .on)
            var now = t0
            var run: (from: OperationalState, claim: Claim?, power: PowerState)?
            for step in 0..<150 {
                let (input, time) = randomInput(scheduler, now: now, &random)
                now = time
                let before = scheduler
                let result = scheduler.handle(input, at: time)
                guard case let .success(outputs) = result else {
                    if scheduler != before { return "step \(step): rejected \(input) changed the state" }
                    continue
                }
                if scheduler.queue.filter({ $0.status == .inMaintenance }).count > 1 { return "step \(step): two active after \(input)" }
                for output in outputs {
                    switch output {
                    case let .maintenanceStateChanged(change) where change.to == .inMaintenance:
                        guard let started = scheduler.queue.first(where: { $0.id == change.id }) else { return "started \(change.id) not queued" }
                        if let earlier = scheduler.queue.first(where: { $0.status == .pending && $0.precedes(started) }) {
                            return "step \(step): \(started.id) started before \(earlier.id)"
                        }
                        if !scheduler.isApproved(started) { return "step \(step): \(started.id) started without approval" }
                        if !scheduler.isWindowOpen(at: time) { return "step \(step): \(started.id) started outside the window" }
                        if scheduler.leaseRequestID != nil, scheduler.phase == .leased { return "step \(step): started while leased" }
                    case let .operationalStateChanged(from, .maintenance):
                        run = (from, scheduler.claim, scheduler.powerBefore)
                    case let .operationalStateChanged(.maintenance, to):
                        if to != scheduler.returnState { return "step \(step): returned to \(to), claim says \(scheduler.returnState)" }
                        if let run, run.claim == scheduler.claim, run.from != to { return "step \(step): was \(run.from), returned to \(to)" }
                        // Held back while an earlier power command is unanswered (sent with its answer).
                        let held = scheduler.phase == .restoringPower && !scheduler.unansweredPower.isEmpty
                        if let run, run.power == .on, scheduler.power != .on, !held,
                            !outputs.contains(where: { if case let .power(request) = $0 { request.kind == .powerOn } else { false } }) {
                            return "step \(step): was on, not powered back on"
                        }
                        run = nil
                    case .leaseGranted:
                        if scheduler.active != nil { return "step \(step): lease granted during a maintenance" }
                    default:
                        break
                    }
                }
                let running: Set<SchedulerPhase> = [.settingPower, .configuringBoot, .inMaintenance, .releasingBoot]
                if running.contains(scheduler.phase) != (scheduler.operational == .maintenance) {
                    return "step \(step): \(scheduler.phase) while \(scheduler.operational)"
                }
                if (scheduler.phase == .idle || scheduler.phase == .leased) && scheduler.wait != nil { return "step \(step): idle with a wait" }
                if ![.idle, .leased].contains(scheduler.phase) && scheduler.wait == nil { return "step \(step): \(scheduler.phase) waits forever" }
            }
            return nil
        }
    }
}

@Suite("Property-based: update orchestrator")
struct OrchestratorProperties {
    static let settings = UpdateOrchestratorSweepTests.settings

    @Test("a started update cycle always has a timeout pending, and ends up to date or failed")
    func cyclesEnd() {
        forAllSeeds(300) { random in
            var machine = Orchestrator(settings: Self.settings, clusterID: Bool.random(using: &random) ? "c1" : nil, server: .ready)
            var now = t0
            for step in 0..<120 {
                let (input, time) = randomInput(machine, now: now, &random)
                now = time
                let before = machine
                switch machine.handle(input, at: time) {
                case .failure:
                    if machine != before { return "step \(step): rejected \(input) changed the state" }
                case let .success(outputs):
                    if ![.upToDate, .failed].contains(machine.updateState), machine.wait == nil {
                        return "step \(step): \(machine.updateState.label) waits without a timeout after \(input)"
                    }
                    for case let .maintenanceStateChanged(from, to) in outputs
                    where !MaintenanceState.table.transitions.contains(where: { $0.from == from && $0.to == to }) {
                        return "step \(step): maintenance \(from) → \(to)"
                    }
                }
            }
            // Nothing answers any more: only time passes. Every wait must run out.
            for _ in 0..<40 {
                guard let deadline = machine.wait?.deadline else { break }
                now = max(now, deadline)
                _ = machine.handle(.tick, at: now)
            }
            if ![.upToDate, .failed].contains(machine.updateState) || machine.wait != nil {
                return "ended in \(machine.updateState.label) with wait \(String(describing: machine.wait))"
            }
            return nil
        }
    }
}

/// A decoded state with the settings the runtime would set from its configuration.
func restore<M: LifecycleMachine>(_ decoded: M, settingsFrom original: M) -> M {
    switch (decoded, original) {
    case (var power as PowerController, let original as PowerController):
        power.settings = original.settings
        return power as? M ?? decoded
    case (var orchestrator as Orchestrator, let original as Orchestrator):
        orchestrator.settings = original.settings
        return orchestrator as? M ?? decoded
    case (var scheduler as Scheduler, let original as Scheduler):
        scheduler.settings = original.settings
        return scheduler as? M ?? decoded
    default:
        return decoded
    }
}

@Suite("Property-based: replay")
struct ReplayProperties {
    /// Replays `sequence` from `start`, with the state written to and read from its changelog value after `roundTrip`
    /// inputs, returning every state and all outputs.
    static func replay<M: LifecycleMachine & ChangelogState>(_ start: M, _ sequence: ArraySlice<(M.Input, Instant)>, roundTrip: Int? = nil) -> ([M], [M.Output]) {
        var machine = start
        var states: [M] = []
        var outputs: [M.Output] = []
        for (index, (input, time)) in sequence.enumerated() {
            if index == roundTrip {
                do {
                    machine = restore(try M(changelogValue: try machine.changelogValue()), settingsFrom: machine)
                } catch {
                    Issue.record("the state did not read back from its changelog value: \(error)")
                }
            }
            if case let .success(emitted) = machine.handle(input, at: time) { outputs += emitted }
            states.append(machine)
        }
        return (states, outputs)
    }

    static func check<M: LifecycleMachine & ChangelogState>(
        _ start: M, _ random: inout SeededGenerator, _ next: (M, Instant, inout SeededGenerator) -> (M.Input, Instant)
    ) -> String? {
        let sequence = randomSequence(start, length: 80, &random, next)
        let (states, outputs) = replay(start, sequence[...])
        let prefix = Int.random(in: 0...sequence.count, using: &random)
        let (prefixStates, prefixOutputs) = replay(start, sequence[..<prefix], roundTrip: Int.random(in: 0...prefix, using: &random))
        if prefix > 0, prefixStates.last != states[prefix - 1] { return "replaying \(prefix) inputs gave another state" }
        if Array(outputs.prefix(prefixOutputs.count)) != prefixOutputs { return "replaying \(prefix) inputs gave other outputs" }
        return nil
    }

    @Test("replaying any prefix of a sequence (with the state written to its changelog value and read back on the way) gives the same state and outputs")
    func prefixes() {
        forAllSeeds(100) { random in
            Self.check(Scheduler(settings: SchedulerProperties.settings, power: .on), &random, randomInput)
                ?? Self.check(Orchestrator(settings: OrchestratorProperties.settings, clusterID: "c1", server: .ready), &random, randomInput)
                ?? Self.check(PowerController(settings: PowerController.Settings(signOfLifeTimeout: .minutes(5))), &random, randomInput)
        }
    }
}
