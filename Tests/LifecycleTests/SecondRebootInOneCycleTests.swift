import Testing

@testable import Lifecycle

/// The orchestrator's reboot command id is `update-<sequence>-reboot`: one id per cycle. The power
/// controller keeps the last command each requester finished and takes that id again as a
/// `duplicate` ("a command that repeats the id of one it carried out", PROTOCOL §1), which is right
/// for a retry of the same reboot. But a cycle can need a second, different reboot without a new
/// sequence:
///
/// - the server installs an update on its own after the cycle ended Up to date (the table's "update
///   started unannounced": Up to date → updating; the report names no cycle, so it counts, PROTOCOL §2)
///   and it needs a reboot: Reboot pending, the lease asked for again as `update-1-lease`, granted,
///   and the reboot asked for as `update-1-reboot` — the id of the reboot that completed an hour ago.
///
/// The power controller rejects it as a duplicate (a `transition.rejected` the orchestrator does not
/// consume), the server is never rebooted, the reboot step times out and retries the same id (again
/// a duplicate) until its budget is used, and the cycle fails with "reboot timed out" while
/// `powerRequestID` stays set: `releaseGrantsOfFailedCycle` then keeps the scheduler's lease for good
/// (PROTOCOL §1: the lease goes back once no power command of the cycle is unanswered — this one
/// never will be). The scheduler starts no maintenance on the server until a person retries.
///
/// What should happen (PROTOCOL §2 "every request maintenanced sends downstream carries an id";
/// §1 "Each requester has one command outstanding and retries only that one"): a new reboot is a new
/// command with an id of its own (only a *retry* of a command repeats its id), so the power controller
/// carries it out, the server reboots and the cycle ends Up to date, giving the lease back.
@Suite("A second reboot of the same update sequence is a new command, not a duplicate of the first (PROTOCOL §1, §2)")
struct SecondRebootInOneCycleTests {
    private static let update = Orchestrator.Settings(reboot: RetryPolicy(timeout: .minutes(30), attempts: 2))

    /// Relays the orchestrator's power commands to the power controller and its BMC, and the power
    /// controller's answers and status changes back, until nothing moves; returns the power
    /// controller's rejections of the orchestrator's commands.
    @discardableResult
    private static func relay(_ outputs: [Orchestrator.Output], _ orchestrator: inout Orchestrator, _ power: inout PowerController,
                              at now: Instant) -> [Rejection] {
        var rejections: [Rejection] = []
        var pending = outputs
        while !pending.isEmpty {
            let output = pending.removeFirst()
            guard case let .power(request) = output else { continue }
            switch power.handle(.command(request), at: now) {
            case let .failure(rejection): rejections.append(rejection)
            case let .success(powerOutputs):
                var queue = powerOutputs
                while !queue.isEmpty {
                    switch queue.removeFirst() {
                    case let .bmc(bmc):
                        // The BMC carries it out; the server boots and its agent registers itself.
                        if case let .success(more) = power.handle(.bmcSucceeded(requestID: bmc.requestID, sequence: bmc.sequence), at: now) { queue += more }
                        if bmc.action == .reboot, case let .success(more) = power.handle(.signOfLife(), at: now) { queue += more }
                    case let .statusChanged(change):
                        if case let .success(more) = orchestrator.handle(.serverStatus(change), at: now) { pending += more }
                    case let .operationCompleted(done):
                        if case let .success(more) = orchestrator.handle(.powerCompleted(requestID: done.id), at: now) { pending += more }
                    case let .operationFailed(done, reason):
                        if case let .success(more) = orchestrator.handle(.powerFailed(requestID: done.id, reason: reason), at: now) { pending += more }
                    case let .operationBusy(done, running):
                        let reason = PowerController.busyReason(running: running)
                        if case let .success(more) = orchestrator.handle(.powerFailed(requestID: done.id, reason: reason, busy: true), at: now) {
                            pending += more
                        }
                    case .observedPowerChanged:
                        break
                    }
                }
            }
        }
        return rejections
    }

    /// Feeds a power controller status change to the orchestrator.
    private static func status(_ outputs: [PowerController.Output], _ orchestrator: inout Orchestrator, at now: Instant) -> [Orchestrator.Output] {
        var emitted: [Orchestrator.Output] = []
        for case let .statusChanged(change) in outputs {
            emitted += orchestrator.accept(.serverStatus(change), at: now) ?? []
        }
        return emitted
    }

    @Test("an update the server installs on its own after a cycle that rebooted is rebooted for: the command is not a duplicate of the first reboot")
    func unannouncedUpdateAfterRebootingCycle() {
        var power = PowerController()
        var orchestrator = Orchestrator(settings: Self.update, server: .unknown)
        var now = t0
        _ = Self.status(power.drive([.registered(), .configurationDone]), &orchestrator, at: now)
        // Cycle update-1 (standalone server): announced, leased, installed, rebooted, Up to date.
        var outputs = orchestrator.drive([.updateAvailable, .leaseGranted(requestID: "update-1-lease")], at: now)
        #expect(outputs.contains(.triggerUpdate(requestID: "update-1-update-1", cycleID: "update-1")))
        outputs = Self.status(power.drive([.updateStarted(cycleID: "update-1", requestID: "update-1-update-1"),
                                           .updateFinished(requiresReboot: true, cycleID: "update-1", requestID: "update-1-update-1")]),
                              &orchestrator, at: now)
        #expect(outputs.contains(.power(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot"))))
        #expect(Self.relay(outputs, &orchestrator, &power, at: now).isEmpty)
        #expect(orchestrator.updateState == .upToDate && orchestrator.lease == .none, "the first cycle ends: \(orchestrator)")

        // An hour later the server installs an update nobody announced, and it needs a reboot.
        now = now + .hours(1)
        _ = Self.status(power.drive([.updateStarted(cycleID: nil)], at: now), &orchestrator, at: now)
        #expect(orchestrator.updateState == .updating)
        outputs = Self.status(power.drive([.updateFinished(requiresReboot: true, cycleID: nil)], at: now), &orchestrator, at: now)
        #expect(orchestrator.updateState == .rebootPending && outputs.contains(.requestLease(requestID: orchestrator.leaseRequestID)), "\(outputs)")
        outputs = orchestrator.accept(.leaseGranted(requestID: orchestrator.leaseRequestID), at: now) ?? []
        let rejections = Self.relay(outputs, &orchestrator, &power, at: now)
        // The bug: the new reboot is sent as update-1-reboot and rejected "duplicate: power request
        // update-1-reboot (already completed)"; the server is never rebooted.
        #expect(rejections.isEmpty, "the power controller rejected the new reboot: \(rejections); commands sent: \(outputs)")

        // Let the reboot step's retries and budget run out, as they do when nothing answers.
        for _ in 0..<4 {
            guard let deadline = orchestrator.wait?.deadline else { break }
            now = max(now, deadline)
            Self.relay(orchestrator.accept(.tick, at: now) ?? [], &orchestrator, &power, at: now)
        }
        #expect(orchestrator.updateState == .upToDate, "ended \(orchestrator.updateState.label): \(orchestrator.failure.map(\.reason) ?? "")")
        // And whatever the outcome, the lease is not kept for a power command that will never be answered.
        #expect(orchestrator.lease == .none, "lease \(orchestrator.lease), power request outstanding \(orchestrator.powerRequestID ?? "none")")
    }

    /// The lease request id has the same flaw on the same path: `update-<sequence>-lease`, given back
    /// when cycle 1 ended, is asked for again for the reboot of the server's own update. A copy of cycle
    /// 1's `disruption.granted update-1-lease` that arrives late (a scheduler replay from further back
    /// than the runtime's 16 recent event ids per key) is then taken for the grant of the new request,
    /// while the scheduler has not granted it (it is finishing a maintenance run): the orchestrator asks
    /// for its slot and reboots the server under the maintenance. Hostile simulation `everything` seed
    /// 7129 ("took the lease grant update-1-lease while the scheduler is Powering back on"); the id
    /// reuse itself in a third of `maintenanceRacesUpdate`'s runs. PROTOCOL §2's table: the grant is
    /// matched to "its lease request of this cycle"; a request given back and asked for again is another request.
    @Test("the lease asked for again after cycle 1 gave update-1-lease back has an id of its own; cycle 1's grant does not answer it")
    func leaseAskedAgainAfterCycle() {
        var orchestrator = Orchestrator(settings: Self.update, server: .ready)
        orchestrator.drive(installSteps.map(\.input))
        let ended = orchestrator.drive([change(.updating, .ready, .updateFinished, requiresReboot: false, cycle: "update-1")])
        #expect(ended.contains(.releaseLease(requestID: "update-1-lease")) && orchestrator.updateState == .upToDate)
        // The server installs an update on its own; it needs a reboot: the lease is asked for again.
        var asked = orchestrator.drive([change(.ready, .updating, .updateStarted)], at: t0 + .hours(1))
        asked += orchestrator.drive([change(.updating, .ready, .updateFinished, requiresReboot: true)], at: t0 + .hours(1))
        let requested = asked.compactMap { if case let .requestLease(requestID) = $0 { requestID } else { nil } }
        #expect(requested.count == 1 && requested.first != "update-1-lease", "the new lease request reuses the given-back id: \(requested)")
        // A late copy of cycle 1's grant.
        let result = orchestrator.handle(.leaseGranted(requestID: "update-1-lease"), at: t0 + .hours(2))
        guard case .failure = result else {
            Issue.record("cycle 1's grant was taken for the new request: \(result)")
            return
        }
    }
}
