import Testing

@testable import Lifecycle

/// A requester whose last attempt was answered busy (the power controller ran another requester's command) failed with
/// "settingPower timed out after …", as if it had waited for an answer that never came: an operator reading the failure
/// looked for a lost power command. The attempt's wait now keeps the refusal (`Wait.refusal`), and the failure at its
/// deadline says it; a retried attempt starts without one.
@Suite("A step whose last attempt was answered busy fails saying so, not only 'timed out'")
struct BusyRefusalReasonTests {
    private static let busy = "busy: powerOn operator/op-1 runs"

    @Test("the scheduler's power step: the failure names the busy answer of its last attempt")
    func schedulerFailure() throws {
        var scheduler = Scheduler(settings: Scheduler.Settings(power: RetryPolicy(timeout: .minutes(20), attempts: 2)), power: .on)
        let first = scheduler.accept(.maintenanceRequested(maintenance("bios", policy: .enforced, power: .off))) ?? []
        let id = first.compactMap { if case let .power(request) = $0 { request.id } else { nil } }.first ?? ""
        // The first attempt is answered busy; at its deadline the retry, a new command, starts with no refusal.
        #expect(scheduler.accept(.powerFailed(requestID: id, reason: Self.busy, busy: true), at: t0 + .minutes(1)) == [])
        #expect(scheduler.wait?.refusal == "power command answered \(Self.busy)")
        let retriedAnswer = scheduler.accept(.tick, at: t0 + .minutes(20))
        let retried = try #require(retriedAnswer)
        #expect(scheduler.wait?.refusal == nil && scheduler.wait?.attempt == 2)
        let second = retried.compactMap { if case let .power(request) = $0 { request.id } else { nil } }.first ?? ""
        #expect(!second.isEmpty && second != id)
        #expect(scheduler.accept(.powerFailed(requestID: second, reason: Self.busy, busy: true), at: t0 + .minutes(22)) == [])
        #expect(scheduler.wait?.refusal == "power command answered \(Self.busy)")
        let failedAnswer = scheduler.accept(.tick, at: t0 + .minutes(40))
        let failed = try #require(failedAnswer)
        let reasons = failed.compactMap { if case let .maintenanceStateChanged(change) = $0, change.to == .failed { change.reason } else { nil } }
        #expect(reasons.count == 1)
        #expect(reasons.first?.hasPrefix("settingPower timed out after 1200000ms (the last attempt was refused: power command answered \(Self.busy))") == true, "\(reasons)")
    }

    @Test("the orchestrator's reboot step: the failure names the busy answer; a plain timeout still reads as one")
    func orchestratorFailure() throws {
        var update = Orchestrator(settings: Orchestrator.Settings(reboot: RetryPolicy(timeout: .minutes(30), attempts: 1)), server: .ready)
        update.drive([
            .updateAvailable, .leaseGranted(requestID: "update-1-lease"), change(.ready, .updating, .updateStarted, cycle: "update-1"),
            change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"),
        ])
        #expect(update.powerRequestID == "update-1-reboot")
        update.drive([.powerFailed(requestID: "update-1-reboot", reason: Self.busy, busy: true)], at: t0 + .minutes(1))
        #expect(update.wait?.step == .reboot && update.wait?.refusal == "reboot answered \(Self.busy)")
        update.drive([.tick], at: t0 + .minutes(30))
        #expect(update.updateState == .failed)
        #expect(update.failure?.reason.hasPrefix("reboot timed out after 1800000ms (the last attempt was refused: reboot answered \(Self.busy))") == true,
                "\(update.failure?.reason ?? "none")")
        #expect(Wait(.reboot as UpdateStep, at: t0, policy: RetryPolicy(timeout: .minutes(1), attempts: 1)).timeoutReason(after: .minutes(1))
                == "reboot timed out after 60000ms")
    }
}
