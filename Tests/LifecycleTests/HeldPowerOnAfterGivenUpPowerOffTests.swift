import Testing

@testable import Lifecycle

/// The scheduler sends one power command at a time (`OnePowerCommandAtATimeTests`): a run whose power
/// off it gave up on (the power controller lags) ends by powering back on, and that power on is held
/// until the off's answer. But the held command's wait ran on as if it had been sent: its timeouts
/// counted attempts that were never made, the run gave up ("power restore failed") and the power on
/// was never sent. The lagging power controller then carried the off out, answered it, and the server
/// stayed off although it was on before the run (the seed: "powered back on"). The lease, held back
/// only by the off's answer, was granted on that answer: the update orchestrator held it over a
/// server that was off, its install requests were never read, and every retry of its cycle failed
/// ("update timed out (attempt 3 of 3)", "serverReady timed out (attempt 5 of 5)"); the person who
/// powers on a server left off does not touch one leased to an update. The hostile simulation found it
/// (announce 4005, 4024, 4046, 4116, 4117, 4172, 4190; everything 7008, 7061, 7079, 7092, 7123, 7131,
/// 7143, 7165, ...).
///
/// What should happen (PROTOCOL §1): a held power command has made no attempt, so its wait does not
/// run out; it waits for the answer of the command before it, which the power controller gives, and
/// is sent then with its full timeout. The run ends only once the server is powered back on, and a
/// lease asked for meanwhile waits for that, as for any run.
@Suite("A power on held behind a given-up power off is sent once that off is answered, however late")
struct HeldPowerOnAfterGivenUpPowerOffTests {
    private static let settings = Scheduler.Settings(power: RetryPolicy(timeout: .hours(1), attempts: 3))

    @Test("the off is answered hours after the run gave it up: the power on goes out then, and the lease waits for its answer")
    func powerOnSentOnLateAnswer() {
        var scheduler = Scheduler(settings: Self.settings, power: .on)
        let started = scheduler.accept(.maintenanceRequested(maintenance("bios", policy: .enforced, power: .off))) ?? []
        guard let off = OnePowerCommandAtATimeTests.powerCommands(started).first else {
            Issue.record("no power off: \(started)")
            return
        }
        #expect(scheduler.accept(.leaseRequested(requestID: "update-1-lease"), at: t0 + .minutes(1)) == [])
        // Nothing answers the power off; the run gives it up and asks for the power on, which is held.
        var now = t0
        var outputs: [Scheduler.Output] = []
        for _ in 0..<12 {
            guard let deadline = scheduler.wait?.deadline else { break }
            now = max(now, deadline)
            outputs += scheduler.accept(.tick, at: now) ?? []
        }
        #expect(!outputs.contains { if case .powerRestoreFailed = $0 { true } else { false } },
                "the run gave up powering back on before the power on was ever sent: \(outputs)")
        #expect(OnePowerCommandAtATimeTests.powerCommands(outputs).allSatisfy { $0.id == off.id }, "\(outputs)")
        #expect(scheduler.phase == .restoringPower, "\(scheduler.phase.label)")
        #expect(!outputs.contains(.leaseGranted(requestID: "update-1-lease")))

        // The lagging power controller carries the off out and answers it.
        now = now + .minutes(30)
        outputs = scheduler.accept(.powerCompleted(requestID: off.id), at: now) ?? []
        let on = OnePowerCommandAtATimeTests.powerCommands(outputs)
        #expect(on.map(\.kind) == [.powerOn], "the server was on before the run and is not powered back on: \(outputs)")
        #expect(!outputs.contains(.leaseGranted(requestID: "update-1-lease")), "leased over a server left off: \(outputs)")
        // The power on's attempt starts when it is sent.
        #expect(scheduler.wait?.deadline == now + .hours(1))
        guard let id = on.first?.id else { return }
        outputs = scheduler.accept(.powerCompleted(requestID: id), at: now + .minutes(5)) ?? []
        #expect(outputs.contains(.leaseGranted(requestID: "update-1-lease")), "\(outputs)")
    }
}
