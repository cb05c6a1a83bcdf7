import Testing

@testable import Lifecycle

/// PROTOCOL §4 had it open: a power command the power controller *rejects* because another requester's
/// command runs (an operator's, in practice) got a `transition.rejected`, not an answer. Its requester sent
/// it again at its wait's deadline; should every attempt be rejected so, the command stayed unanswered, and
/// the scheduler, which holds its lease back while a power command of its own is unanswered
/// (`unansweredPower`), made a lease asked for afterwards wait for good (the update waited for the lease).
///
/// The rule now: the power controller answers every command it takes. One that meets another requester's
/// command running is answered `power.command.failed` with `busy` and a reason naming what runs; nothing was
/// done for it, and it counts as failed (a copy of it is a `duplicate`). The requester's wait ends with that
/// matched answer, and its own budget decides what follows: it does not send its next attempt at once (that
/// would meet the same busy controller and use its budget up in an instant) but at its wait's deadline, as a
/// new command with an id of its own.
@Suite("A power command refused because another runs is answered failed, busy (PROTOCOL §4)")
struct BusyPowerCommandAnsweredTests {
    private static let operatorPowerOn = PowerRequest(.powerOn, by: .operatorRequest, id: "op-1")

    /// A ready server whose power controller is busy with an operator's power on that does not end soon
    /// (its BMC has not answered yet).
    private static func busyController() -> PowerController {
        var power = PowerController(settings: PowerController.Settings(powerOn: RetryPolicy(timeout: .hours(2), attempts: 2)))
        power.drive([.registered(), .configurationDone, .powerObserved(.on), .command(operatorPowerOn)])
        #expect(power.phase == .poweringOn)
        return power
    }

    @Test("a command while another requester's runs is answered failed, busy, naming what runs; the running one goes on")
    func busyAnswered() {
        var power = Self.busyController()
        let before = power.operation
        let off = PowerRequest(.powerOff, by: .scheduler, id: "maintenance-power-1")
        #expect(power.accept(.command(off)) == [.operationBusy(off, running: Self.operatorPowerOn)])
        #expect(PowerController.busyReason(running: Self.operatorPowerOn) == "busy: powerOn operator/op-1 runs")
        #expect(power.operation == before && power.phase == .poweringOn && power.desiredPower == .on)
        #expect(power.finished.contains(PowerController.Finished(request: off, completed: false, sequence: 0)))
    }

    @Test("a copy of a command answered busy is a duplicate, also once the power controller is free")
    func copyOfBusyIsDuplicate() {
        var power = Self.busyController()
        let reboot = PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot")
        _ = power.accept(.command(reboot))
        #expect(power.reject(.command(reboot)) == .duplicate("power request update-1-reboot (already failed)"))
        // The operator's power on ends; a late copy of the refused command still does not run.
        #expect(power.accept(.bmcSucceeded(requestID: "operator/op-1", sequence: 1))?.contains(.operationCompleted(Self.operatorPowerOn)) == true)
        #expect(power.reject(.command(reboot)) == .duplicate("power request update-1-reboot (already failed)"))
        #expect(power.phase == .idle)
    }

    @Test("the running command's id under another operation is a duplicate, not a busy answer that would name it")
    func runningIDOtherOperation() {
        var power = Self.busyController()
        #expect(power.reject(.command(PowerRequest(.reboot, by: .operatorRequest, id: "op-1"))) == .duplicate("power request op-1"))
        #expect(power.reject(.command(Self.operatorPowerOn)) == .duplicate("power request op-1"))
    }

    /// Runs a scheduler against `power`: its power commands go to the power controller, and the power
    /// controller's answers of the scheduler's commands come back. Returns the scheduler's outputs.
    private static func deliver(
        _ input: Scheduler.Input, at now: Instant, _ scheduler: inout Scheduler, _ power: inout PowerController, sent: inout [(Instant, PowerRequest)]
    ) -> [Scheduler.Output] {
        guard case let .success(outputs) = scheduler.handle(input, at: now) else { return [] }
        var all = outputs
        for case let .power(request) in outputs {
            sent.append((now, request))
            guard case let .success(answers) = power.handle(.command(request), at: now) else { continue }
            for answer in answers {
                switch answer {
                case let .operationCompleted(done) where done.requester == .scheduler:
                    all += deliver(.powerCompleted(requestID: done.id), at: now, &scheduler, &power, sent: &sent)
                case let .operationFailed(done, reason) where done.requester == .scheduler:
                    all += deliver(.powerFailed(requestID: done.id, reason: reason), at: now, &scheduler, &power, sent: &sent)
                case let .operationBusy(done, running) where done.requester == .scheduler:
                    all += deliver(.powerFailed(requestID: done.id, reason: PowerController.busyReason(running: running), busy: true),
                                   at: now, &scheduler, &power, sent: &sent)
                default: break
                }
            }
        }
        return all
    }

    @Test("a maintenance whose every power command meets an operator's power on ends, and the lease asked for meanwhile is granted")
    func leaseNotHeldForGood() {
        var power = Self.busyController()
        var scheduler = Scheduler(settings: Scheduler.Settings(power: RetryPolicy(timeout: .minutes(20), attempts: 2)), power: .on)
        var sent: [(Instant, PowerRequest)] = []
        var outputs = Self.deliver(.maintenanceRequested(maintenance("bios", policy: .enforced, power: .off)), at: t0, &scheduler, &power, sent: &sent)
        outputs += Self.deliver(.leaseRequested(requestID: "update-1-lease"), at: t0 + .minutes(1), &scheduler, &power, sent: &sent)
        // Time passes (the operator's power on still runs): the scheduler's waits run out, one after the other.
        var now = t0
        for _ in 0..<10 {
            guard let deadline = scheduler.wait?.deadline else { break }
            now = max(now, deadline)
            outputs += Self.deliver(.tick, at: now, &scheduler, &power, sent: &sent)
        }
        #expect(outputs.contains(.leaseGranted(requestID: "update-1-lease")),
                "phase \(scheduler.phase.label), unanswered \(scheduler.unansweredPower), sent \(sent.map(\.1.id))")
        #expect(scheduler.phase == .leased && scheduler.unansweredPower.isEmpty)
        // Every command was answered, and none was sent again at the instant its busy answer came: each next
        // attempt waited for its wait's deadline (two power off attempts, two power on attempts).
        #expect(sent.map(\.1.kind) == [.powerOff, .powerOff, .powerOn, .powerOn], "\(sent.map(\.1))")
        #expect(Set(sent.map(\.1.id)).count == sent.count, "each attempt is a command of its own: \(sent.map(\.1.id))")
        #expect(Set(sent.map(\.0)).count == sent.count, "two commands sent at one instant: \(sent.map(\.0))")
        #expect(outputs.contains { if case let .maintenanceStateChanged(change) = $0 { change.to == .failed } else { false } })
        #expect(outputs.contains { if case .powerRestoreFailed = $0 { true } else { false } })
    }

    @Test("a scheduler's power command answered busy once is sent again, as a new command, at the wait's deadline and then runs")
    func schedulerRetriesAtDeadline() {
        var scheduler = Scheduler(settings: Scheduler.Settings(power: RetryPolicy(timeout: .minutes(20), attempts: 2)), power: .on)
        let first = scheduler.accept(.maintenanceRequested(maintenance("bios", policy: .enforced, power: .off))) ?? []
        let off = first.compactMap { if case let .power(request) = $0 { request } else { nil } }
        #expect(off.map(\.kind) == [.powerOff], "\(first)")
        let id = off.first?.id ?? ""
        // Answered busy: nothing is sent at once, and nothing is unanswered.
        #expect(scheduler.accept(.powerFailed(requestID: id, reason: "busy: powerOn operator/op-1 runs", busy: true), at: t0 + .minutes(1)) == [])
        #expect(scheduler.phase == .settingPower && scheduler.unansweredPower.isEmpty && scheduler.powerRequestID == nil)
        // A copy of the answer is stale.
        #expect(scheduler.reject(.powerFailed(requestID: id, reason: "busy", busy: true), at: t0 + .minutes(2)) == .stale("power request \(id)"))
        // At the wait's deadline, the next attempt: a new command.
        let retried = (scheduler.accept(.tick, at: t0 + .minutes(20)) ?? []).compactMap { if case let .power(request) = $0 { request } else { nil } }
        #expect(retried.map(\.kind) == [.powerOff] && retried.first?.id != id, "\(retried)")
        #expect(scheduler.accept(.powerCompleted(requestID: retried.first?.id ?? ""), at: t0 + .minutes(21)) != nil)
        #expect(scheduler.phase == .inMaintenance)
    }

    @Test("an update reboot answered busy is sent again, as the next attempt with an id of its own, at the step's deadline")
    func orchestratorRetriesAtDeadline() {
        var roles = UpdateAndPowerRoles(Orchestrator(settings: Orchestrator.Settings(reboot: RetryPolicy(timeout: .minutes(30), attempts: 2)), server: .ready))
        roles.power = Self.busyController()
        roles.orchestrator(.updateAvailable)
        roles.orchestrator(.leaseGranted(requestID: "update-1-lease"))
        roles.orchestrator(change(.ready, .updating, .updateStarted, cycle: "update-1"))
        let asked = roles.orchestrator(change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"), at: t0 + .minutes(1))
        #expect(asked.contains(.power(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot"))), "\(asked)")
        // The power controller answered it busy: the cycle still waits for the reboot, holding its lease, with nothing unanswered.
        #expect(roles.machine.powerRequestID == nil && roles.machine.updateState == .rebootPending && roles.machine.lease == .held,
                "\(roles.machine.updateState.label), \(roles.machine.powerRequestID ?? "none"), \(roles.rejected)")
        #expect(!roles.rejected.contains { $0.contains("power controller") }, "\(roles.rejected)")
        // The operator's power on ends; at the step's deadline the next attempt is a new command, which runs.
        roles.powerController(.bmcSucceeded(requestID: "operator/op-1", sequence: 1), at: t0 + .minutes(10))
        let retried = roles.orchestrator(.tick, at: t0 + .minutes(31))
        #expect(retried.contains(.power(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot-2"))), "\(retried)")
        roles.rebootRuns(at: t0 + .minutes(32))
        #expect(roles.machine.updateState == .upToDate && roles.machine.lease == .none, "\(roles.machine.updateState.label), \(roles.rejected)")
    }
}
