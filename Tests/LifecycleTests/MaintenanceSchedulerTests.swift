import Testing

@testable import Lifecycle

typealias Scheduler = MaintenanceScheduler

/// A maintenance request in namespace `ops`.
func maintenance(
    _ name: String, priority: Int = 0, policy: MaintenancePolicy = .ownerApproval, boot: String? = nil,
    power: PowerState = .off, namespace: String = "ops"
) -> MaintenanceRequest {
    MaintenanceRequest(id: MaintenanceID(namespace: namespace, name: name), type: "BIOSUpdate", priority: priority,
                       policy: policy, bootConfiguration: boot, power: power)
}

func id(_ name: String, namespace: String = "ops") -> MaintenanceID { MaintenanceID(namespace: namespace, name: name) }

private func transition(_ name: String, _ from: MaintenanceStatus?, _ to: MaintenanceStatus, reason: String? = nil) -> Scheduler.Output {
    .maintenanceStateChanged(MaintenanceTransition(id: id(name), from: from, to: to, reason: reason))
}

private func powerRequest(_ kind: PowerOperationKind, _ number: Int) -> Scheduler.Output {
    .power(PowerRequest(kind, by: .scheduler, id: "maintenance-power-\(number)"))
}

/// The ids of the maintenances in the order they became InMaintenance.
private func started(_ outputs: [Scheduler.Output]) -> [String] {
    outputs.compactMap {
        if case let .maintenanceStateChanged(change) = $0, change.to == .inMaintenance { change.id.name } else { nil }
    }
}

/// A named rule of the ServerMaintenance seed (or beyond it) and the scenario that shows it.
struct Rule: CustomTestStringConvertible, Sendable {
    let name: String
    let check: @Sendable () -> Void
    var testDescription: String { name }
}

let maintenanceRules: [Rule] = [
    Rule(name: "a created ServerMaintenance is Pending") {
        var scheduler = Scheduler(claim: Claim(), power: .on)
        let outputs = scheduler.accept(.maintenanceRequested(maintenance("bios")))
        #expect(outputs?.first == transition("bios", nil, .pending))
        #expect(scheduler.queue.map(\.status) == [.pending])
    },
    Rule(name: "on an available server it becomes InMaintenance, the server goes to Maintenance and is powered off") {
        var scheduler = Scheduler(power: .on)
        #expect(scheduler.accept(.maintenanceRequested(maintenance("bios"))) == [
            transition("bios", nil, .pending), transition("bios", .pending, .inMaintenance),
            .operationalStateChanged(from: .available, to: .maintenance), powerRequest(.powerOff, 2),
        ])
        #expect(scheduler.operational == .maintenance && scheduler.phase == .settingPower)
    },
    Rule(name: "the maintenance operator is told to work only once the server is off") {
        var scheduler = Scheduler(power: .on)
        scheduler.drive([.maintenanceRequested(maintenance("bios"))])
        #expect(scheduler.accept(.powerCompleted(requestID: "maintenance-power-2")) == [.maintenanceReady(id("bios"))])
    },
    Rule(name: "the maintenance's boot configuration is requested while InMaintenance and released after Complete") {
        var scheduler = Scheduler(power: .off)
        #expect(scheduler.accept(.maintenanceRequested(maintenance("bios", boot: "sbc-bios")))?.last
            == .requestBootConfiguration(id("bios"), bootConfiguration: "sbc-bios"))
        #expect(scheduler.accept(.bootConfigurationReady(id("bios"))) == [.maintenanceReady(id("bios"))])
        #expect(scheduler.accept(.maintenanceCompleted(id("bios"))) == [.releaseBootConfiguration(id("bios"), bootConfiguration: "sbc-bios")])
        #expect(scheduler.accept(.bootConfigurationReleased(id("bios"))) == [
            transition("bios", .inMaintenance, .complete), .operationalStateChanged(from: .maintenance, to: .available),
        ])
    },
    Rule(name: "only one ServerMaintenance is active per server; the others stay Pending") {
        var scheduler = Scheduler(power: .off)
        scheduler.drive([.maintenanceRequested(maintenance("a")), .maintenanceRequested(maintenance("b"))])
        #expect(scheduler.queue.map(\.status) == [.inMaintenance, .pending])
    },
    Rule(name: "when the active one completes the next pending one becomes active, the server stays in Maintenance") {
        var scheduler = Scheduler(power: .off)
        scheduler.drive([.maintenanceRequested(maintenance("a")), .maintenanceRequested(maintenance("b"))])
        #expect(scheduler.accept(.maintenanceCompleted(id("a"))) == [
            transition("a", .inMaintenance, .complete), transition("b", .pending, .inMaintenance), .maintenanceReady(id("b")),
        ])
        #expect(scheduler.operational == .maintenance)
    },
    Rule(name: "pending maintenances start by priority, then arrival") {
        var scheduler = Scheduler(power: .off)
        var outputs = scheduler.drive([
            .maintenanceRequested(maintenance("first")), .maintenanceRequested(maintenance("low")),
            .maintenanceRequested(maintenance("high", priority: 5)), .maintenanceRequested(maintenance("high-later", priority: 5)),
        ])
        for name in ["first", "high", "high-later"] { outputs += scheduler.drive([.maintenanceCompleted(id(name))]) }
        #expect(started(outputs) == ["first", "high", "high-later", "low"])
    },
    Rule(name: "when none is left an available server returns to Available and is powered back on") {
        var scheduler = Scheduler(power: .on)
        scheduler.drive([.maintenanceRequested(maintenance("bios")), .powerCompleted(requestID: "maintenance-power-2"), .powerObserved(.off)])
        #expect(scheduler.accept(.maintenanceCompleted(id("bios"))) == [
            transition("bios", .inMaintenance, .complete), .operationalStateChanged(from: .maintenance, to: .available),
            powerRequest(.powerOn, 3),
        ])
        #expect(scheduler.accept(.powerCompleted(requestID: "maintenance-power-3")) == [])
        #expect(scheduler.phase == .idle)
    },
    Rule(name: "a reserved server returns to Reserved") {
        var scheduler = Scheduler(claim: Claim(okToMaintenance: true), power: .off)
        scheduler.drive([.maintenanceRequested(maintenance("bios"))])
        #expect(scheduler.operational == .maintenance)
        #expect(scheduler.accept(.maintenanceCompleted(id("bios")))?.last == .operationalStateChanged(from: .maintenance, to: .reserved))
    },
    Rule(name: "a claimed server without ok-to-maintenance is asked (maintenance-needed) and waits") {
        var scheduler = Scheduler(claim: Claim(), power: .on)
        #expect(scheduler.accept(.maintenanceRequested(maintenance("bios"))) == [
            transition("bios", nil, .pending), .maintenanceNeeded(id("bios")),
        ])
        #expect(scheduler.phase == .awaitingApproval && scheduler.operational == .reserved)
    },
    Rule(name: "ok-to-maintenance on the claim starts it") {
        var scheduler = Scheduler(claim: Claim(), power: .off)
        scheduler.drive([.maintenanceRequested(maintenance("bios"))])
        #expect(scheduler.accept(.claimChanged(Claim(okToMaintenance: true))) == [
            transition("bios", .pending, .inMaintenance), .operationalStateChanged(from: .reserved, to: .maintenance),
            .maintenanceReady(id("bios")),
        ])
    },
    Rule(name: "the alwaysPerformMaintenance setting overrides the approval") {
        var scheduler = Scheduler(settings: Scheduler.Settings(alwaysPerformMaintenance: true), claim: Claim(), power: .off)
        #expect(started(scheduler.accept(.maintenanceRequested(maintenance("bios"))) ?? []) == ["bios"])
    },
    Rule(name: "an enforced maintenance needs no approval") {
        var scheduler = Scheduler(claim: Claim(), power: .off)
        #expect(started(scheduler.accept(.maintenanceRequested(maintenance("bios", policy: .enforced))) ?? []) == ["bios"])
    },
    Rule(name: "a server that was off is not powered on afterwards") {
        var scheduler = Scheduler(power: .off)
        scheduler.drive([.maintenanceRequested(maintenance("bios"))])
        #expect(scheduler.accept(.maintenanceCompleted(id("bios"))) == [
            transition("bios", .inMaintenance, .complete), .operationalStateChanged(from: .maintenance, to: .available),
        ])
    },
    Rule(name: "maintenances are namespaced: the same name in another namespace is another maintenance; the same id is a duplicate") {
        var scheduler = Scheduler(power: .off)
        scheduler.drive([.maintenanceRequested(maintenance("bios")), .maintenanceRequested(maintenance("bios", namespace: "lab"))])
        #expect(scheduler.queue.count == 2)
        #expect(scheduler.reject(.maintenanceRequested(maintenance("bios"))) == .duplicate("maintenance ops/bios"))
    },
    Rule(name: "a maintenance with power on requested is not powered off") {
        var scheduler = Scheduler(power: .on)
        #expect(scheduler.accept(.maintenanceRequested(maintenance("cleanup", power: .on)))?.last == .maintenanceReady(id("cleanup")))
    },
    Rule(name: "a failed maintenance releases its boot configuration and ends Failed with the reason") {
        var scheduler = Scheduler(power: .off)
        scheduler.drive([.maintenanceRequested(maintenance("bios", boot: "sbc")), .bootConfigurationReady(id("bios")),
                         .maintenanceFailed(id("bios"), reason: "flash error")])
        #expect(scheduler.accept(.bootConfigurationReleased(id("bios")))?.first == transition("bios", .inMaintenance, .failed, reason: "flash error"))
    },
    Rule(name: "a pending maintenance can be cancelled") {
        var scheduler = Scheduler(power: .off)
        scheduler.drive([.maintenanceRequested(maintenance("a")), .maintenanceRequested(maintenance("b"))])
        #expect(scheduler.accept(.cancel(id("b"))) == [transition("b", .pending, .cancelled)])
        #expect(scheduler.reject(.cancel(id("b"))) == .unknownMaintenance(id("b")))
    },
    Rule(name: "the active maintenance can be cancelled: boot configuration released, server returned") {
        var scheduler = Scheduler(power: .off)
        scheduler.drive([.maintenanceRequested(maintenance("bios", boot: "sbc")), .bootConfigurationReady(id("bios"))])
        #expect(scheduler.accept(.cancel(id("bios"))) == [.releaseBootConfiguration(id("bios"), bootConfiguration: "sbc")])
        #expect(scheduler.reject(.cancel(id("bios"))) != nil)
        #expect(scheduler.accept(.bootConfigurationReleased(id("bios"))) == [
            transition("bios", .inMaintenance, .cancelled), .operationalStateChanged(from: .maintenance, to: .available),
        ])
    },
    Rule(name: "a maintenance starts only inside the maintenance window, decided by event time") {
        let window = MaintenanceWindow(startMinute: 60, length: .hours(2))
        var scheduler = Scheduler(settings: Scheduler.Settings(window: window), power: .off)
        #expect(scheduler.accept(.maintenanceRequested(maintenance("bios"))) == [transition("bios", nil, .pending)])
        #expect(scheduler.nextDeadline(after: t0) == t0 + .minutes(60))
        #expect(scheduler.accept(.tick, at: t0 + .minutes(59)) == [])
        #expect(started(scheduler.accept(.tick, at: t0 + .minutes(60)) ?? []) == ["bios"])
    },
    Rule(name: "powering off that times out after its retries fails the maintenance with a reason") {
        let settings = Scheduler.Settings(power: RetryPolicy(timeout: .minutes(5), attempts: 2))
        var scheduler = Scheduler(settings: settings, power: .on)
        scheduler.drive([.maintenanceRequested(maintenance("bios"))])
        #expect(scheduler.accept(.tick, at: t0 + .minutes(5)) == [powerRequest(.powerOff, 2)])
        let outputs = scheduler.accept(.tick, at: t0 + .minutes(10))
        #expect(outputs?.first == transition("bios", .inMaintenance, .failed,
                                             reason: "settingPower timed out after 300000ms (attempt 2 of 2)"))
        #expect(scheduler.operational == .available)
    },
    Rule(name: "approval that is not given in time fails the pending maintenance") {
        let settings = Scheduler.Settings(approval: RetryPolicy(timeout: .hours(1), attempts: 1))
        var scheduler = Scheduler(settings: settings, claim: Claim(), power: .on)
        scheduler.drive([.maintenanceRequested(maintenance("bios"))])
        #expect(scheduler.accept(.tick, at: t0 + .hours(1)) == [
            transition("bios", .pending, .failed, reason: "approval not given: awaitingApproval timed out after 3600000ms (attempt 1 of 1)"),
        ])
        #expect(scheduler.queue.isEmpty && scheduler.phase == .idle)
    },
    Rule(name: "the disruption lease is granted between runs, and no maintenance starts while it is held") {
        var scheduler = Scheduler(power: .off)
        #expect(scheduler.accept(.leaseRequested(requestID: "L")) == [.leaseGranted(requestID: "L")])
        #expect(scheduler.accept(.maintenanceRequested(maintenance("bios"))) == [transition("bios", nil, .pending)])
        #expect(started(scheduler.accept(.leaseReleased(requestID: "L")) ?? []) == ["bios"])
    },
    Rule(name: "a lease granted while an owner's approval is awaited: after it, the wait starts again in full, and the owner is not asked a second time") {
        let settings = Scheduler.Settings(approval: RetryPolicy(timeout: .hours(1), attempts: 1))
        var scheduler = Scheduler(settings: settings, claim: Claim(), power: .on)
        #expect(scheduler.accept(.maintenanceRequested(maintenance("bios")))?.contains(.maintenanceNeeded(id("bios"))) == true)
        #expect(scheduler.accept(.leaseRequested(requestID: "L"), at: t0 + .minutes(50)) == [.leaseGranted(requestID: "L")])
        let after = scheduler.accept(.leaseReleased(requestID: "L"), at: t0 + .minutes(55))
        #expect(after?.contains(.maintenanceNeeded(id("bios"))) == false, "\(String(describing: after))")
        #expect(scheduler.phase == .awaitingApproval)
        // The wait counts from the release: an hour after the request it has not timed out.
        #expect(scheduler.accept(.tick, at: t0 + .minutes(61)) == [])
        #expect(scheduler.accept(.tick, at: t0 + .minutes(115))?.contains(
            transition("bios", .pending, .failed, reason: "approval not given: awaitingApproval timed out after 3600000ms (attempt 1 of 1)")) == true)
    },
    Rule(name: "a lease requested during a run waits for the active maintenance, before the next pending one") {
        var scheduler = Scheduler(power: .off)
        scheduler.drive([.maintenanceRequested(maintenance("a")), .maintenanceRequested(maintenance("b")), .leaseRequested(requestID: "L")])
        #expect(scheduler.accept(.maintenanceCompleted(id("a"))) == [
            transition("a", .inMaintenance, .complete), .operationalStateChanged(from: .maintenance, to: .available),
            .leaseGranted(requestID: "L"),
        ])
        #expect(scheduler.queue.map(\.status) == [.pending])
    },
    Rule(name: "late and duplicated reports change nothing") {
        var scheduler = Scheduler(power: .off)
        scheduler.drive([.maintenanceRequested(maintenance("bios", boot: "sbc")), .bootConfigurationReady(id("bios")),
                         .maintenanceCompleted(id("bios"))])
        #expect(scheduler.reject(.maintenanceCompleted(id("bios"))) == .duplicate("maintenanceCompleted of ops/bios"))
        #expect(scheduler.reject(.bootConfigurationReady(id("bios"))) != nil)
        scheduler.drive([.bootConfigurationReleased(id("bios"))])
        #expect(scheduler.reject(.maintenanceCompleted(id("bios"))) == .unknownMaintenance(id("bios")))
        #expect(scheduler.reject(.powerCompleted(requestID: "maintenance-power-9")) == .stale("power request maintenance-power-9"))
        #expect(scheduler.reject(.leaseReleased(requestID: "L")) == .stale("lease L"))
    },
]

@Suite("ServerMaintenance rules (maintenance scheduler)")
struct MaintenanceRuleTests {
    @Test("each rule of the seed and beyond", arguments: maintenanceRules)
    func rule(_ rule: Rule) { rule.check() }
}

@Suite("Maintenance scheduler sweep")
struct MaintenanceSchedulerSweepTests {
    static let settings: Scheduler.Settings = {
        let policy = RetryPolicy(timeout: .minutes(10), attempts: 2)
        return Scheduler.Settings(approval: policy, power: policy, bootConfiguration: policy, maintenance: policy)
    }()

    static let waiting: Set<SchedulerPhase> = [.awaitingApproval, .settingPower, .configuringBoot, .inMaintenance, .releasingBoot, .restoringPower]
    static let running: Set<SchedulerPhase> = [.settingPower, .configuringBoot, .inMaintenance, .releasingBoot, .restoringPower]

    static func inputs(_ scheduler: Scheduler) -> [(Scheduler.Input, Instant)] { inputs(scheduler, extra: []) }

    /// Every input kind, for the maintenance in progress (or `a`), with a tick at the deadline or an hour on.
    static func inputs(_ scheduler: Scheduler, extra: [Scheduler.Input]) -> [(Scheduler.Input, Instant)] {
        let current = scheduler.current ?? id("a")
        let power = scheduler.powerRequestID ?? "none"
        let inputs: [Scheduler.Input] = [
            .maintenanceRequested(maintenance("a", boot: "sbc")), .maintenanceRequested(maintenance("b", priority: 5, policy: .enforced)),
            .maintenanceRequested(maintenance("c", priority: 1, power: .on)), .cancel(id("a")), .cancel(id("b")), .claimChanged(nil), .claimChanged(Claim()), .claimChanged(Claim(okToMaintenance: true)),
            .powerObserved(.on), .powerObserved(.off), .powerCompleted(requestID: power), .powerFailed(requestID: power, reason: "x"),
            .powerFailed(requestID: power, reason: "busy", busy: true),
            .bootConfigurationReady(current), .bootConfigurationFailed(current, reason: "x"), .bootConfigurationReleased(current),
            .maintenanceCompleted(current), .maintenanceFailed(current, reason: "x"), .leaseRequested(requestID: "L"),
            .leaseReleased(requestID: "L"),
        ] + extra
        // The late answer of a command given up on (the power controller lagged).
        let givenUp = scheduler.unansweredPower.map(Scheduler.powerRequestID).first { $0 != scheduler.powerRequestID }.map { id -> [Scheduler.Input] in
            [.powerCompleted(requestID: id), .powerFailed(requestID: id, reason: "late")]
        } ?? []
        return (inputs + givenUp).map { ($0, t0) } + [(.tick, scheduler.wait?.deadline ?? t0 + .hours(1))]
    }

    @Test("every state × input that is not an arrow is rejected; accepted inputs follow arrows; invariants hold")
    func sweepAll() {
        var windowed = Self.settings
        windowed.window = MaintenanceWindow(startMinute: 60, length: .hours(2))
        let starts = [
            Scheduler(settings: Self.settings, power: .on), Scheduler(settings: Self.settings, claim: Claim(), power: .off),
            Scheduler(settings: windowed, power: .on),
        ]
        var taken = Set<String>()
        var takenStatus = Set<String>()
        // Starts that put an approved maintenance behind one that awaits approval, and one with a boot configuration behind another.
        let d = maintenance("d", policy: .enforced, boot: "sbc-d")
        let e = maintenance("e", policy: .enforced)
        let behind: [Scheduler] = [
            (PowerState.off, [maintenance("c", priority: 1), d]), (.on, [maintenance("c", priority: 1), d]), (.off, [maintenance("c", priority: 1), e]),
        ].map { power, requests in
            var scheduler = Scheduler(settings: Self.settings, claim: Claim(), power: power)
            scheduler.drive(requests.map { .maintenanceRequested($0) })
            return scheduler
        }
        var bootAfterBoot = Scheduler(settings: Self.settings, power: .off)
        bootAfterBoot.drive([.maintenanceRequested(maintenance("a", boot: "sbc")), .bootConfigurationReady(id("a")), .maintenanceRequested(d)])
        // Runs that end while the next one waits for approval (the owner withdrew ok-to-maintenance).
        let approvalWithdrawn: [Scheduler] = [(nil, PowerState.on), ("sbc", .on), ("sbc", .off)].map { boot, power in
            var scheduler = Scheduler(settings: Self.settings, claim: Claim(okToMaintenance: true), power: power)
            scheduler.drive([.maintenanceRequested(maintenance("a", boot: boot))])
            if power == .on { scheduler.drive([.powerCompleted(requestID: "maintenance-power-2"), .powerObserved(.off)]) }
            scheduler.drive([.maintenanceRequested(maintenance("c")), .claimChanged(Claim())])
            if boot != nil { scheduler.drive([.bootConfigurationReady(id("a"))]) }
            scheduler.drive([.maintenanceCompleted(id("a"))])
            return scheduler
        }
        // A run on a server that was off, powering it on for the maintenance, with another one waiting for approval.
        var poweringOn = Scheduler(settings: Self.settings, claim: Claim(okToMaintenance: true), power: .off)
        poweringOn.drive([.maintenanceRequested(maintenance("p", power: .on)), .maintenanceRequested(maintenance("c")), .claimChanged(Claim())])
        // A run whose power off was given up on (the power controller lags), then a maintenance with a boot
        // configuration: the off's late answer may come in any phase of it.
        var givenUp = Scheduler(settings: Self.settings, power: .on)
        givenUp.drive([.maintenanceRequested(maintenance("g", policy: .enforced))])
        while givenUp.phase == .settingPower, let deadline = givenUp.wait?.deadline { _ = givenUp.accept(.tick, at: deadline) }
        if let on = givenUp.powerRequestID { givenUp.drive([.powerCompleted(requestID: on)]) }
        givenUp.drive([.maintenanceRequested(maintenance("h", policy: .enforced, boot: "sbc-h", power: .on))])
        #expect(givenUp.phase == .configuringBoot && givenUp.unansweredPower.count == 1, "\(givenUp.phase) \(givenUp.unansweredPower)")
        // The same, with the lease asked for before the next maintenance came: the lease waits for the off's
        // answer, the maintenance for the lease; a withdrawal of the lease request lets the maintenance start.
        var leaseWaits = Scheduler(settings: Self.settings, power: .on)
        leaseWaits.drive([.maintenanceRequested(maintenance("g", policy: .enforced))])
        while leaseWaits.phase == .settingPower, let deadline = leaseWaits.wait?.deadline { _ = leaseWaits.accept(.tick, at: deadline) }
        if let on = leaseWaits.powerRequestID { leaseWaits.drive([.powerCompleted(requestID: on)]) }
        leaseWaits.drive([.leaseRequested(requestID: "L"), .maintenanceRequested(maintenance("h", policy: .enforced, boot: "sbc-h", power: .on))])
        #expect(leaseWaits.phase == .idle && leaseWaits.leaseRequestID == "L" && leaseWaits.unansweredPower.count == 1)
        // Runs whose every power command the power controller answered busy (PROTOCOL §4), with the lease asked for
        // meanwhile: nothing is unanswered, so the last attempt's timeout ends in the lease (a power restore of a
        // server that was on; the power on of one that was off, which needs no restore).
        let busyToTheEnd: [Scheduler] = [(PowerState.on, PowerState.off, SchedulerPhase.restoringPower), (.off, .on, .settingPower)].map { power, wanted, phase in
            var scheduler = Scheduler(settings: Self.settings, power: power)
            scheduler.drive([.maintenanceRequested(maintenance("z", policy: .enforced, power: wanted)), .leaseRequested(requestID: "L")])
            if phase == .restoringPower, let first = scheduler.powerRequestID {
                scheduler.drive([.powerCompleted(requestID: first), .maintenanceCompleted(id("z"))])
            }
            while scheduler.phase == phase, let wait = scheduler.wait {
                if let command = scheduler.powerRequestID { scheduler.drive([.powerFailed(requestID: command, reason: "busy", busy: true)]) }
                if wait.attempt == Self.settings.power.attempts { break }
                _ = scheduler.accept(.tick, at: wait.deadline)
            }
            #expect(scheduler.phase == phase && scheduler.powerRequestID == nil && scheduler.unansweredPower.isEmpty, "\(scheduler.phase)")
            return scheduler
        }
        let extra: [Scheduler.Input] = [.cancel(id("c")), .maintenanceRequested(maintenance("f", priority: 9, policy: .enforced, boot: "sbc-f"))]
        var count = 0
        for (starts, depth, limit, extra) in [(starts, 9, 2_500, []), (behind + approvalWithdrawn + busyToTheEnd + [bootAfterBoot, poweringOn, givenUp, leaseWaits], 4, 1_500, extra + [.cancel(id("p"))])] {
        count += sweep(from: starts, depth: depth, limit: limit, inputs: { Self.inputs($0, extra: extra) }) { before, input, result, after in
            let trigger = Scheduler.trigger(of: input)
            if !Scheduler.table.accepts(before.phase, trigger), case .success = result {
                Issue.record("\(before.phase) accepted \(input)")
            }
            guard case let .success(outputs) = result else { return }
            if after.phase != before.phase, !Scheduler.table.contains(from: before.phase, trigger, to: after.phase) {
                Issue.record("\(before.phase) --\(trigger)--> \(after.phase) is no arrow")
            }
            taken.insert("\(before.phase) \(trigger) \(after.phase)")
            for case let .maintenanceStateChanged(change) in outputs {
                guard let from = change.from else { continue }
                if !MaintenanceStatus.table.transitions.contains(where: { $0.from == from && $0.to == change.to }) {
                    Issue.record("maintenance \(from) → \(change.to) is no arrow")
                }
                takenStatus.insert("\(from) \(change.to)")
            }
            if after.queue.filter({ $0.status == .inMaintenance }).count > 1 { Issue.record("two active after \(input)") }
            if Self.running.contains(after.phase) != (after.operational == .maintenance), after.phase != .restoringPower {
                Issue.record("\(after.phase) with operational \(after.operational) after \(input)")
            }
            if !Self.running.contains(after.phase), after.operational != after.returnState {
                Issue.record("\(after.phase) is \(after.operational), not \(after.returnState)")
            }
            if Self.waiting.contains(after.phase) != (after.wait != nil) { Issue.record("\(after.phase) with wait \(String(describing: after.wait))") }
            if after.phase == .leased, after.active != nil { Issue.record("leased with an active maintenance") }
            // Invariant 2: no power command of the scheduler may still be carried out while the update holds the lease.
            if after.phase == .leased, !after.unansweredPower.isEmpty { Issue.record("leased with \(after.unansweredPower) unanswered") }
        }
        }
        let statusArrows = Set(MaintenanceStatus.table.transitions.map { "\($0.from) \($0.to)" })
        #expect(statusArrows.subtracting(takenStatus).isEmpty, "ServerMaintenance arrows never taken: \(statusArrows.subtracting(takenStatus))")
        let arrows = Set(Scheduler.table.transitions.filter { $0.from != $0.to || !$0.label.isEmpty }.map { "\($0.from) \($0.trigger) \($0.to)" })
        let missing = arrows.subtracting(taken).sorted()
        #expect(missing.isEmpty, "scheduler arrows never taken: \(missing)")
        #expect(count > 500)
    }
}

@Suite("Observed power sent again by a replaying power controller")
struct ReplayedPowerChangeTests {
    @Test("an observed-power change with a number already applied is a duplicate, even where it would change the view")
    func replayedPowerChange() {
        var scheduler = Scheduler()
        scheduler.drive([.powerObserved(.on, sequence: 2), .powerObserved(.off, sequence: 5), .powerObserved(.on, sequence: 7)])
        #expect(scheduler.power == .on && scheduler.powerSequence == 7)
        // Replayed after a restart: off (#5) would make the scheduler think the server is off.
        #expect(scheduler.reject(.powerObserved(.off, sequence: 5)) == .duplicate("power change #5 (#7 applied)"))
        #expect(scheduler.accept(.powerObserved(.off, sequence: 8)) == [])
        #expect(scheduler.power == .off)
    }
}

@Suite("Boot-configuration and operator answers name their maintenance")
struct MaintenanceAnswerMatchingTests {
    @Test("an answer naming a queued maintenance other than the current one is stale; one naming none the scheduler knows is unknown")
    func answersForAnotherMaintenance() {
        var scheduler = Scheduler(power: .on)
        scheduler.drive([
            .maintenanceRequested(maintenance("a", priority: 5, boot: "sbc", power: .on)), .maintenanceRequested(maintenance("b", boot: "sbc", power: .on)),
        ])
        #expect(scheduler.current == id("a"))
        #expect(scheduler.reject(.bootConfigurationReady(id("b"))) == .stale("bootConfigurationReady of ops/b, but ops/a is current"))
        #expect(scheduler.reject(.maintenanceCompleted(id("b"))) == .stale("maintenanceCompleted of ops/b, but ops/a is current"))
        #expect(scheduler.reject(.bootConfigurationReady(id("c"))) == .unknownMaintenance(id("c")))
        #expect(scheduler.accept(.bootConfigurationReady(id("a")))?.isEmpty == false)
    }
}
