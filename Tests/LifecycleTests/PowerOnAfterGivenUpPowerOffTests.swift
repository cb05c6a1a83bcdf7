import Testing

@testable import Lifecycle

/// A power off the power controller gave up on may still have been carried out: its BMC requests
/// went out, only their answers (and the BMC's power observation) are late. The scheduler knows it:
/// at the end of a run it asks for the power on "even when it looks on: a power command given up on
/// may still be carried out" (`MaintenanceScheduler.conclude`). But the power controller answers a
/// power on from its observed power alone: observed `on` (the off's effect is not observed yet), so
/// it completes the command at once ("already on") and sends the BMC nothing. The server is off; the
/// late observation `off` then arrives and nobody acts on it (desired on, observed off, no command
/// outstanding). The hostile simulation found it (seed 19 of `HostileClusterSimulation.baseline`
/// before this reduction): the server stays off for good, the update orchestrator waits for it to be
/// Ready and every retry of its cycle fails with "serverReady timed out".
///
/// What should happen (PROTOCOL §1: "a power command given up on may still be carried out" is why
/// a given-up command keeps its requester from assuming anything; the scheduler's reason for asking
/// the power on at all): after an off of its own that it gave up on, the controller does not take
/// its stale observation for the truth: the power on goes to the BMC.
@Suite("A power on after a power off given up on is carried out, not answered 'already on' from a stale observation")
struct PowerOnAfterGivenUpPowerOffTests {
    private static let settings = PowerController.Settings(
        powerOn: RetryPolicy(timeout: .minutes(10), attempts: 3), gracefulOffTimeout: .minutes(5),
        forcedOff: RetryPolicy(timeout: .minutes(10), attempts: 3))

    @Test("power off times out with its BMC requests unanswered; the power on that follows is sent to the BMC")
    func powerOnAfterGivenUpOff() {
        var power = PowerController(settings: Self.settings)
        power.drive([.registered(), .configurationDone, .powerObserved(.on)])
        let off = PowerRequest(.powerOff, by: .scheduler, id: "maintenance-power-2")
        var sent = power.accept(.command(off)) ?? []
        // The BMC carries the first requests out, but its answers are on their way for hours: every attempt times
        // out; the last is answered failed, late (the power controller answers no command before that, PROTOCOL §4).
        let (ran, now) = power.runOutOfTime(from: t0, lateFailure: "no answer")
        sent += ran
        let answer = ran.filter { if case .operationFailed = $0 { true } else { false } }
        #expect(answer.count == 1, "the off is given up on: \(answer)")
        #expect(sent.contains { if case let .bmc(request) = $0 { request.action == .forcedOff } else { false } })

        // The scheduler ends its run and asks for the power on, as it does "even when it looks on".
        let on = PowerRequest(.powerOn, by: .scheduler, id: "maintenance-power-3")
        let outputs = power.accept(.command(on), at: now + .minutes(1)) ?? []
        // The bug: [operationCompleted(maintenance-power-3)] at once, no BMC request; the server stays off.
        #expect(outputs.contains { if case let .bmc(request) = $0 { request.action == .powerOn } else { false } },
                "the power on was answered without asking the BMC: \(outputs)")
    }

    /// The same short-circuit reached another way: the off is carried out *and answered*, but a sign of
    /// life the server's agent sent just before it (on `server.lifecycle`) is delivered after the BMC's
    /// answer (on `power.events`): any order across topics (PROTOCOL §2's model). The controller takes it
    /// for "online" and sets the observed power back to `on`; the power on that ends the maintenance run
    /// is then answered "already on" and the server stays off (hostile simulation baseline seed 41: every
    /// retry of the update cycle then times out on a server that is off).
    @Test("a stale sign of life after a completed power off does not make the next power on 'already on'")
    func staleSignOfLifeAfterOff() {
        var power = PowerController(settings: Self.settings)
        power.drive([.registered(), .configurationDone, .powerObserved(.on)])
        let off = PowerRequest(.powerOff, by: .scheduler, id: "maintenance-power-2")
        let sent = power.accept(.command(off)) ?? []
        guard case let .bmc(request)? = sent.first else {
            Issue.record("no BMC request: \(sent)")
            return
        }
        let done = power.accept(.bmcSucceeded(requestID: request.requestID, sequence: request.sequence), at: t0 + .minutes(1)) ?? []
        #expect(done.contains(.operationCompleted(off)) && power.observedPower == .off && power.condition == .shutDown)
        // The agent's heartbeat from before the off arrives now.
        _ = power.accept(.signOfLife(), at: t0 + .minutes(2))
        // The maintenance ends; the scheduler asks for the power on.
        let on = PowerRequest(.powerOn, by: .scheduler, id: "maintenance-power-4")
        let outputs = power.accept(.command(on), at: t0 + .minutes(10)) ?? []
        // The bug: [operationCompleted(maintenance-power-4)] at once; the BMC is not asked and the server stays off.
        #expect(outputs.contains { if case let .bmc(request) = $0 { request.action == .powerOn } else { false } },
                "the power on was answered without asking the BMC: \(outputs)")
    }
}
