import Testing

@testable import Lifecycle

/// The scheduler gives the update its lease while a power command of the maintenance run is still
/// unanswered. A run whose power off is not answered within its budget fails; the power on that ends
/// the run is not answered either (the power controller lags: its `power.commands` partition is
/// hours behind, or the power role was down); the scheduler gives up (`powerRestoreFailed`), settles
/// Idle and grants the lease the orchestrator asked for meanwhile. The power controller then gets to
/// the commands it was sent: it powers the server off (the command id is new to it, so it runs it)
/// in the middle of the update's install, evacuation or reboot. The hostile simulation found it
/// (baseline seed 4: a maintenance's graceful off carried out while the member was evacuated by its
/// update).
///
/// What should happen (PROTOCOL §1: "A lease asked for during a run waits until the run's last
/// step, powering back on, is answered"; and the rule the orchestrator follows for the same reason,
/// "only once nothing of the cycle can still disrupt the server: no power command of the cycle is
/// unanswered"; invariant 2: no maintenance power action during an install, evacuation or update
/// reboot): the lease is granted only once the power commands the run sent are answered.
@Suite("The scheduler grants the lease only once its run's power commands are answered (PROTOCOL §1, invariant 2)")
struct LeaseAfterUnansweredPowerCommandTests {
    private static let settings = Scheduler.Settings(power: RetryPolicy(timeout: .minutes(20), attempts: 2))

    @Test("a run whose power off and power on are never answered does not end in a lease grant while they may still be carried out")
    func unansweredPowerCommands() {
        var scheduler = Scheduler(settings: Self.settings, power: .on)
        var outputs = scheduler.accept(.maintenanceRequested(maintenance("bios", policy: .enforced, power: .off))) ?? []
        let sent = outputs.compactMap { if case let .power(request) = $0 { request } else { nil } }
        #expect(sent.map(\.kind) == [.powerOff], "\(outputs)")
        // The update orchestrator asks for the lease during the run: it waits.
        outputs = scheduler.accept(.leaseRequested(requestID: "update-1-lease"), at: t0 + .minutes(1)) ?? []
        #expect(outputs.isEmpty)
        // Nothing the power controller would say arrives: the scheduler's waits run out.
        var now = t0
        var powerCommands = sent
        var granted = false
        for _ in 0..<10 where !granted {
            guard let deadline = scheduler.wait?.deadline else { break }
            now = max(now, deadline)
            let ticked = scheduler.accept(.tick, at: now) ?? []
            powerCommands += ticked.compactMap { if case let .power(request) = $0 { request } else { nil } }
            granted = ticked.contains(.leaseGranted(requestID: "update-1-lease"))
        }
        // The bug: the lease is granted with maintenance-power-1 (off) and maintenance-power-2 (on) unanswered;
        // the power controller, once it gets to them, powers the server off under the update's lease.
        #expect(!granted, "lease granted at \(now) while \(Set(powerCommands.map(\.id)).sorted()) are unanswered (phase \(scheduler.phase.label))")
    }
    @Test("a lease request withdrawn while it waits for those answers is gone: the answers grant nothing")
    func withdrawnWhileWaiting() throws {
        var scheduler = Scheduler(settings: Self.settings, power: .on)
        _ = scheduler.accept(.maintenanceRequested(maintenance("bios", policy: .enforced, power: .off)))
        _ = scheduler.accept(.leaseRequested(requestID: "update-1-lease"), at: t0 + .minutes(1))
        var now = t0
        // The power off is given up on; the power on that ends the run is held for its answer, and its wait goes on
        // (HeldPowerOnAfterGivenUpPowerOffTests): the run does not end by timing out.
        for _ in 0..<10 {
            guard let deadline = scheduler.wait?.deadline else { break }
            now = max(now, deadline)
            _ = scheduler.accept(.tick, at: now)
        }
        #expect(scheduler.phase == .restoringPower && scheduler.isPowerCommandHeld)
        #expect(scheduler.leaseRequestID == "update-1-lease" && !scheduler.unansweredPower.isEmpty)
        // The orchestrator's lease wait ran out first: it withdraws its request (PROTOCOL §1).
        #expect(scheduler.accept(.leaseReleased(requestID: "update-1-lease"), at: now + .minutes(1)) == [])
        #expect(scheduler.leaseRequestID == nil)
        // The lagging power controller answers at last: the held power on goes, and nothing is granted to a request
        // nobody holds, neither then nor when the power on is answered and the run ends.
        var sent: [PowerRequest] = []
        for number in scheduler.unansweredPower {
            let outputs = scheduler.accept(.powerCompleted(requestID: Scheduler.powerRequestID(number)), at: now + .hours(1)) ?? []
            sent += outputs.compactMap { if case let .power(request) = $0 { request } else { nil } }
            #expect(!outputs.contains { if case .leaseGranted = $0 { true } else { false } }, "\(outputs)")
        }
        #expect(sent.map(\.kind) == [.powerOn], "\(sent)")
        let on = try #require(sent.first)
        let ended = scheduler.accept(.powerCompleted(requestID: on.id), at: now + .hours(2)) ?? []
        #expect(!ended.contains { if case .leaseGranted = $0 { true } else { false } }, "\(ended)")
        #expect(scheduler.phase == .idle && scheduler.unansweredPower.isEmpty)
    }
}

