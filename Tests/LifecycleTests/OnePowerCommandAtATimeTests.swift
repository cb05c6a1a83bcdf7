import Testing

@testable import Lifecycle

/// The scheduler sent a new power command while one it had given up on was still unanswered. A run's
/// power off is not answered within its budget (the power controller lags); the maintenance fails and
/// the run ends by powering back on: a new command, `maintenance-power-2`, sent at once. When the
/// lagging power controller gets to them it runs the power off and, busy with it, *rejects* the power
/// on (`transition.rejected`, not an answer) and every retry of it. `maintenance-power-2` stays
/// unanswered for good and, since every unanswered command holds the lease back (PROTOCOL §1), the
/// update's lease is never granted: each operator retry of the update fails with "lease timed out".
/// The hostile simulation found it (membership seeds 3062, 3070, 3084: the largest class of liveness
/// violations).
///
/// What should happen (PROTOCOL §1, §4; the rule the orchestrator follows for its reboots, "no new
/// command is sent while one is unanswered"): the scheduler has one power command outstanding at a
/// time. A command asked for while an earlier one is unanswered waits for that answer and is sent
/// then (its wait does not run out meanwhile: `HeldPowerOnAfterGivenUpPowerOffTests`).
@Suite("The scheduler sends no power command while one it sent is unanswered (PROTOCOL §1, §4)")
struct OnePowerCommandAtATimeTests {
    private static let settings = Scheduler.Settings(power: RetryPolicy(timeout: .minutes(20), attempts: 2))

    /// The power commands among a scheduler's outputs.
    static func powerCommands(_ outputs: [Scheduler.Output]) -> [PowerRequest] {
        outputs.compactMap { if case let .power(request) = $0 { request } else { nil } }
    }

    /// A run whose power off is given up on, with a lease asked for meanwhile: the time its
    /// maintenance failed, the power off's id and the power commands sent after it.
    private static func runWithUnansweredPowerOff(_ scheduler: inout Scheduler) -> (Instant, String, [PowerRequest]) {
        let outputs = scheduler.accept(.maintenanceRequested(maintenance("bios", policy: .enforced, power: .off))) ?? []
        let off = powerCommands(outputs)
        #expect(off.map(\.kind) == [.powerOff], "\(outputs)")
        #expect(scheduler.accept(.leaseRequested(requestID: "update-1-lease"), at: t0 + .minutes(1)) == [])
        var now = t0
        var sent: [PowerRequest] = []
        while scheduler.phase == .settingPower, let deadline = scheduler.wait?.deadline {
            now = max(now, deadline)
            sent += powerCommands(scheduler.accept(.tick, at: now) ?? [])
        }
        return (now, off.first?.id ?? "", sent.filter { $0.id != off.first?.id })
    }

    @Test("a power on asked for while the given-up power off is unanswered is not sent, however long that answer takes")
    func heldUntilAnswered() {
        var scheduler = Scheduler(settings: Self.settings, power: .on)
        var (now, off, sent) = Self.runWithUnansweredPowerOff(&scheduler)
        #expect(scheduler.phase == .restoringPower)
        // The power controller is still busy with the power off for many of the restoring wait's timeouts.
        for _ in 0..<6 {
            guard let deadline = scheduler.wait?.deadline else { break }
            now = max(now, deadline)
            sent += Self.powerCommands(scheduler.accept(.tick, at: now) ?? [])
        }
        // The bug: the power on was sent while the power off ran; the power controller rejects it
        // as busy, so it is never answered and holds the lease back for good.
        #expect(!sent.contains { $0.id != off }, "sent \(sent.map(\.id)) while \(off) is unanswered")
        #expect(scheduler.phase == .restoringPower && scheduler.isPowerCommandHeld, "\(scheduler.phase.label)")
    }

    @Test("the held power on is sent once the power off is answered, and its answer grants the lease")
    func sentOnceAnswered() {
        var scheduler = Scheduler(settings: Self.settings, power: .on)
        let (now, off, _) = Self.runWithUnansweredPowerOff(&scheduler)
        #expect(scheduler.phase == .restoringPower)
        var outputs = scheduler.accept(.powerCompleted(requestID: off), at: now + .minutes(1)) ?? []
        let on = Self.powerCommands(outputs)
        #expect(on.map(\.kind) == [.powerOn] && on.first?.id != off, "\(outputs)")
        #expect(!outputs.contains { if case .leaseGranted = $0 { true } else { false } }, "\(outputs)")
        guard let id = on.first?.id else { return }
        outputs = scheduler.accept(.powerCompleted(requestID: id), at: now + .minutes(2)) ?? []
        #expect(outputs.contains(.leaseGranted(requestID: "update-1-lease")), "\(outputs)")
    }
}
