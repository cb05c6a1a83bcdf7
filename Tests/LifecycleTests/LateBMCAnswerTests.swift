import Testing

@testable import Lifecycle

/// Hostile seeds 4092, 7184 (an update reboot carried out while the scheduler was Idle) and 3114, 7027, 7106 (a
/// maintenance's power action during the update): the power controller gave a command up when its last attempt
/// timed out, and answered it failed while that attempt's BMC request was still unanswered. Its requester took
/// the server as undisturbed and gave its lease back; the BMC, working through its backlog, carried the request
/// out afterwards: a reboot with nobody holding the lease, a power off under the update's.
///
/// The rule now (PROTOCOL §4): no command is answered while its last BMC request is unanswered. With the budget
/// used at a timeout, the operation waits for that answer (`awaitingLateAnswer`, nothing timed, nothing sent), and
/// the answer is the command's outcome: carried out late is completed (a reboot still has to bring the server
/// back), failed is failed. The requesters already hold their lease while their command is unanswered, so the
/// server stays theirs until the BMC has answered. What ends the wait is the BMC's answer: the BMC adapter answers
/// every request it takes, as the Incus adapter does; one that never answers keeps the command, and its
/// requester's lease, visibly (`get --stuck`).
@Suite("A command whose last BMC request timed out unanswered waits for the BMC's answer (PROTOCOL §4)")
struct LateBMCAnswerTests {
    private static let settings = PowerController.Settings(
        powerOn: RetryPolicy(timeout: .minutes(2), attempts: 2), gracefulOffTimeout: .minutes(3),
        forcedOff: RetryPolicy(timeout: .minutes(2), attempts: 2), reboot: RetryPolicy(timeout: .minutes(10), attempts: 2))
    private static let updateReboot = PowerRequest(.reboot, by: .updateOrchestrator, id: "update-3-reboot")
    private static let maintenanceOff = PowerRequest(.powerOff, by: .scheduler, id: "maintenance-power-14")

    /// A ready, powered-on server whose power controller has taken `request`.
    private static func controller(running request: PowerRequest) -> PowerController {
        var power = PowerController(settings: settings)
        power.drive([.registered(), .configurationDone, .powerObserved(.on), .command(request)])
        return power
    }

    @Test("seed 4092: the reboot's last attempt times out unanswered; not answered failed; the BMC's late success reboots, online completes it")
    func updateRebootCarriedOutLate() throws {
        var power = Self.controller(running: Self.updateReboot)
        // Attempt 1 is accepted and the server never comes back; attempt 2 is sent and the BMC does not answer in time.
        power.drive([.bmcSucceeded(requestID: "update/update-3-reboot", sequence: 1)])
        #expect(power.accept(.tick, at: t0 + .minutes(10)) == [.bmc(BMCRequest(action: .reboot, requestID: "update/update-3-reboot", sequence: 2))])
        #expect(power.accept(.tick, at: t0 + .minutes(20)) == [], "no operationFailed while attempt 2 is unanswered")
        #expect(power.phase == .awaitingLateAnswer && power.nextDeadline == nil)
        // Nothing is timed: however late, a tick does nothing (the runtime schedules none: no busy loop).
        #expect(power.accept(.tick, at: t0 + .hours(48)) == [])
        #expect(power.operation?.request == Self.updateReboot)
        // The BMC carries attempt 2 out late: the server reboots, and the command waits for it to come back.
        let lateAnswer = power.accept(.bmcSucceeded(requestID: "update/update-3-reboot", sequence: 2), at: t0 + .hours(48))
        let late = try #require(lateAnswer)
        #expect(late == [], "the server shows rebooting since attempt 1")
        #expect(power.condition == .rebooting)
        #expect(power.phase == .awaitingOnline && power.nextDeadline == t0 + .hours(48) + .minutes(10))
        let onlineAnswer = power.accept(.signOfLife(), at: t0 + .hours(48) + .minutes(3))
        let online = try #require(onlineAnswer)
        #expect(online.contains(.operationCompleted(Self.updateReboot)))
        #expect(power.phase == .idle)
        #expect(power.reject(.command(Self.updateReboot), at: t0 + .hours(49)) == .duplicate("power request update-3-reboot (already completed)"))
    }

    @Test("a reboot carried out late whose server does not come back fails at the reboot's timeout, unresponsive (its budget is used)")
    func lateRebootNotBack() throws {
        var power = Self.controller(running: Self.updateReboot)
        power.drive([.bmcFailed(requestID: "update/update-3-reboot", sequence: 1, reason: "busy")])
        power.drive([.tick], at: t0 + .minutes(10))
        #expect(power.phase == .awaitingLateAnswer)
        _ = power.accept(.bmcSucceeded(requestID: "update/update-3-reboot", sequence: 2), at: t0 + .minutes(30))
        #expect(power.phase == .awaitingOnline && power.condition == .rebooting)
        let outputsAnswer = power.accept(.tick, at: t0 + .minutes(40))
        let outputs = try #require(outputsAnswer)
        #expect(outputs.contains(.operationFailed(Self.updateReboot, reason: "reboot failed after 2 attempt(s): Rebooting (awaiting online) timed out after 600000ms")))
        #expect(power.phase == .idle && power.condition == .unresponsive)
    }

    @Test("seed 6175/3114: a maintenance power off whose forced attempts time out is completed by the BMC's late success, not failed before it")
    func maintenancePowerOffCarriedOutLate() throws {
        var power = Self.controller(running: Self.maintenanceOff)
        let id = "scheduler/maintenance-power-14"
        #expect(power.accept(.tick, at: t0 + .minutes(3)) == [.bmc(BMCRequest(action: .forcedOff, requestID: id, sequence: 2))])
        #expect(power.accept(.tick, at: t0 + .minutes(5)) == [.bmc(BMCRequest(action: .forcedOff, requestID: id, sequence: 3))])
        #expect(power.accept(.tick, at: t0 + .minutes(7)) == [])
        #expect(power.phase == .awaitingLateAnswer)
        // The BMC works through its backlog in order: the graceful and the first forced attempt's answers are stale.
        #expect(power.reject(.bmcSucceeded(requestID: id, sequence: 1), at: t0 + .minutes(30)) == .stale("BMC report for \(id)#1"))
        #expect(power.reject(.bmcSucceeded(requestID: id, sequence: 2), at: t0 + .minutes(30)) == .stale("BMC report for \(id)#2"))
        let outputsAnswer = power.accept(.bmcSucceeded(requestID: id, sequence: 3), at: t0 + .minutes(30))
        let outputs = try #require(outputsAnswer)
        #expect(outputs.unnumbered == [
            .observedPowerChanged(.off, sequence: 0), .statusChanged(StatusChange(from: .ready, to: .shutDown, trigger: .shutdown)),
            .operationCompleted(Self.maintenanceOff),
        ])
        #expect(power.phase == .idle && power.observedPower == .off)
    }

    @Test("the BMC's late failure fails the command, naming both; a copy of the command is then a duplicate")
    func lateFailure() throws {
        let on = PowerRequest(.powerOn, by: .scheduler, id: "maintenance-power-15")
        var power = PowerController(settings: Self.settings)
        power.drive([.registered(), .configurationDone, .powerObserved(.off), .command(on)])
        power.drive([.tick], at: t0 + .minutes(2))
        power.drive([.tick], at: t0 + .minutes(4))
        #expect(power.phase == .awaitingLateAnswer)
        let outputsAnswer = power.accept(.bmcFailed(requestID: "scheduler/maintenance-power-15", sequence: 2, reason: "no power"), at: t0 + .minutes(9))
        let outputs = try #require(outputsAnswer)
        #expect(outputs == [.operationFailed(on, reason: "powerOn failed after 2 attempt(s): the last timed out, then the BMC answered failed: no power")])
        #expect(power.phase == .idle)
        #expect(power.reject(.command(on), at: t0 + .minutes(10)) == .duplicate("power request maintenance-power-15 (already failed)"))
    }

    @Test("while the late answer is awaited, another requester's command is answered busy and a copy of the command is a duplicate")
    func busyWhileAwaiting() {
        var power = Self.controller(running: Self.updateReboot)
        power.drive([.tick], at: t0 + .minutes(10))
        power.drive([.tick], at: t0 + .minutes(20))
        #expect(power.phase == .awaitingLateAnswer)
        let off = PowerRequest(.powerOff, by: .scheduler, id: "maintenance-power-1")
        #expect(power.accept(.command(off), at: t0 + .minutes(30)) == [.operationBusy(off, running: Self.updateReboot)])
        #expect(power.reject(.command(Self.updateReboot), at: t0 + .minutes(30)) == .duplicate("power request update-3-reboot"))
        #expect(power.phase == .awaitingLateAnswer)
    }

    @Test("the orchestrator keeps its lease while its reboot waits for the BMC's late answer, and goes on once it is answered")
    func orchestratorHoldsLease() throws {
        // The orchestrator's side needs nothing new: its reboot is unanswered, which holds the lease (PROTOCOL §1).
        var update = UpdateOrchestrator(settings: UpdateOrchestrator.Settings(reboot: RetryPolicy(timeout: .minutes(5), attempts: 1)), server: .ready)
        let start: [UpdateOrchestrator.Input] = [
            .updateAvailable, .leaseGranted(requestID: "update-1-lease"),
            .serverStatus(StatusChange(from: .ready, to: .updating, trigger: .updateStarted, cycleID: "update-1", sequence: 1)),
            .serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: true, cycleID: "update-1", sequence: 2)),
        ]
        update.drive(start)
        #expect(update.powerRequestID == "update-1-reboot")
        // Its reboot wait times out; the power controller has not answered (it awaits the BMC's late answer).
        let timedOut = update.drive([.tick], at: t0 + .minutes(5))
        #expect(!timedOut.contains { if case .releaseLease = $0 { true } else { false } }, "lease kept while the reboot is unanswered: \(timedOut)")
        #expect(update.lease != .none)
    }
}
