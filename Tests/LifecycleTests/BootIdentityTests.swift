import Testing

@testable import Lifecycle

/// Hostile seeds 1412 (updater) and 8078 (everything), found by `sweepRange` in session 38, and 7174 (everything,
/// found once signs of life named their boot): a sign of life and the BMC's answers come on different topics, so one
/// the agent sent before a reboot or a power off can arrive after the BMC's answer. Taken as current, it ended a
/// reboot still under way (the orchestrator then gave its lease back while the server rebooted for its update), or
/// showed a server on that was off.
///
/// The rule now (PROTOCOL §4): a sign of life may name its boot (`bootId`). One of a boot that has ended (a later
/// boot was seen, or a power off or reboot the BMC carried out ended it), or one while the power is seen off, is
/// stale. A reboot ends only at a boot after its start, and at the last reset's: as many boots after the start as
/// resets the BMC carried out, an attempt given up on and carried out late counting too (the adapter answers in
/// order, so that answer comes before the last attempt's). A sign of life that names no boot is taken as before.
@Suite("Signs of life name their boot: a late one of an ended boot is stale, and a reboot ends at a boot after it")
struct BootIdentityTests {
    private static let settings = PowerController.Settings(
        powerOn: RetryPolicy(timeout: .minutes(2), attempts: 2), gracefulOffTimeout: .minutes(3),
        forcedOff: RetryPolicy(timeout: .minutes(2), attempts: 2), reboot: RetryPolicy(timeout: .minutes(10), attempts: 2))
    private static let updateReboot = PowerRequest(.reboot, by: .updateOrchestrator, id: "update-3-reboot")
    private static let bmcID = "update/update-3-reboot"

    /// A ready, powered-on server running boot `b1`, whose power controller has taken `request`.
    private static func controller(running request: PowerRequest? = nil) -> PowerController {
        var power = PowerController(settings: settings)
        power.drive([.registered(), .configurationDone, .powerObserved(.on), .signOfLife(boot: "b1")])
        if let request { power.drive([.command(request)]) }
        return power
    }

    @Test("seed 1412: a heartbeat of the boot before the reboot, delivered after the BMC accepted it, is stale; the next boot ends the reboot")
    func staleHeartbeatAfterAccept() throws {
        var power = Self.controller(running: Self.updateReboot)
        #expect(power.operation?.bootAtStart == "b1")
        #expect(power.accept(.bmcSucceeded(requestID: Self.bmcID, sequence: 1))?.count == 1)
        #expect(power.condition == .rebooting && power.boots.lastEnded)
        #expect(power.reject(.signOfLife(boot: "b1")) == .stale("sign of life of boot b1, which has ended (a power off or reboot ended it)"))
        #expect(power.condition == .rebooting && power.phase == .awaitingOnline, "the reboot is still under way")
        let outputsAnswer = power.accept(.signOfLife(boot: "b2"), at: t0 + .minutes(3))
        let outputs = try #require(outputsAnswer)
        #expect(outputs.contains(.operationCompleted(Self.updateReboot)))
        #expect(power.condition == .ready && power.boots.boots == ["b1", "b2"] && !power.boots.lastEnded)
    }

    @Test("seed 8078: an earlier attempt carried out late is one more reset; its boot does not end the reboot, the next one does")
    func earlierAttemptCarriedOutLate() throws {
        var power = Self.controller(running: Self.updateReboot)
        // Attempt 1 times out unanswered; attempt 2 is sent. The BMC then carries out both, and answers them in order.
        #expect(power.accept(.tick, at: t0 + .minutes(10)) == [.bmc(BMCRequest(action: .reboot, requestID: Self.bmcID, sequence: 2))])
        #expect(power.accept(.bmcSucceeded(requestID: Self.bmcID, sequence: 1), at: t0 + .minutes(11)) == [], "noted, not an answer")
        #expect(power.operation?.carriedOut == [1])
        #expect(power.reject(.bmcSucceeded(requestID: Self.bmcID, sequence: 1), at: t0 + .minutes(11)) == .stale("BMC report for \(Self.bmcID)#1"))
        #expect(power.accept(.bmcSucceeded(requestID: Self.bmcID, sequence: 2), at: t0 + .minutes(12))?.count == 1)
        #expect(power.operation?.carriedOut == [1, 2] && power.condition == .rebooting)
        // The first reset's boot, its sign of life sent before the second reset: the server is not back from the last.
        #expect(power.accept(.signOfLife(boot: "b2"), at: t0 + .minutes(13)) == [])
        #expect(power.condition == .rebooting && power.phase == .awaitingOnline)
        let outputsAnswer = power.accept(.signOfLife(boot: "b3"), at: t0 + .minutes(15))
        let outputs = try #require(outputsAnswer)
        #expect(outputs.contains(.operationCompleted(Self.updateReboot)))
        #expect(power.condition == .ready)
    }

    @Test("seed 7144: the reboot's own boot seen before the BMC's answer stays current; its next sign of life ends the reboot")
    func ownBootBeforeAnswer() throws {
        var power = Self.controller(running: Self.updateReboot)
        #expect(power.accept(.signOfLife(boot: "b2")) == [])
        #expect(power.accept(.bmcSucceeded(requestID: Self.bmcID, sequence: 1))?.count == 1)
        #expect(power.boots.boots == ["b1", "b2"] && !power.boots.lastEnded, "the reset ended b1, not b2")
        let outputsAnswer = power.accept(.signOfLife(boot: "b2"), at: t0 + .minutes(1))
        let outputs = try #require(outputsAnswer)
        #expect(outputs.contains(.operationCompleted(Self.updateReboot)))
    }

    @Test("a reboot whose only new boot is the first reset's fails at its timeout; the boot's signs of life bring the server back after")
    func onlyFirstResetBoot() throws {
        var power = Self.controller(running: Self.updateReboot)
        power.drive([.tick], at: t0 + .minutes(10))
        power.drive([.bmcSucceeded(requestID: Self.bmcID, sequence: 1), .bmcSucceeded(requestID: Self.bmcID, sequence: 2)], at: t0 + .minutes(11))
        #expect(power.accept(.signOfLife(boot: "b3"), at: t0 + .minutes(12)) == [])
        let outputsAnswer = power.accept(.tick, at: t0 + .minutes(21))
        let outputs = try #require(outputsAnswer)
        #expect(outputs.contains(.operationFailed(Self.updateReboot, reason: "reboot failed after 2 attempt(s): Rebooting (awaiting online) timed out after 600000ms")))
        #expect(power.condition == .unresponsive)
        #expect(power.accept(.signOfLife(boot: "b3"), at: t0 + .minutes(22))?.first == .statusChanged(
            StatusChange(from: .unresponsive, to: .ready, trigger: .online, sequence: power.statusSequence)))
    }

    @Test("seed 7090: a sign of life of the boot a power off ended is stale, also once the server is on again")
    func afterPowerOff() throws {
        let off = PowerRequest(.powerOff, by: .scheduler, id: "maintenance-power-1")
        var power = Self.controller(running: off)
        power.drive([.bmcSucceeded(requestID: "scheduler/maintenance-power-1", sequence: 1)])
        #expect(power.condition == .shutDown && power.boots.lastEnded)
        #expect(power.reject(.signOfLife(boot: "b1")) == .stale("sign of life of boot b1, which has ended (a power off or reboot ended it)"))
        #expect(power.condition == .shutDown)
        let on = PowerRequest(.powerOn, by: .scheduler, id: "maintenance-power-2")
        power.drive([.command(on), .bmcSucceeded(requestID: "scheduler/maintenance-power-2", sequence: 1)])
        #expect(power.reject(.signOfLife(boot: "b1")) != nil, "still ended with the power on")
        #expect(power.accept(.signOfLife(boot: "b2"))?.isEmpty == false)
        #expect(power.condition == .ready)
    }

    @Test("seed 7820: a power off answered late, after signs of life of a boot that began when the power came back, ends only the boot it started with")
    func lateOffAnswerAfterLaterBoot() {
        let off = PowerRequest(.powerOff, by: .scheduler, id: "maintenance-power-14")
        var power = Self.controller(running: off)
        #expect(power.operation?.bootAtStart == "b1")
        // The off is carried out, the power comes back (a power loss and return), and the new boot's signs of life
        // come before the BMC's answer of the off.
        power.drive([.signOfLife(boot: "b3")])
        power.drive([.bmcSucceeded(requestID: "scheduler/maintenance-power-14", sequence: 1), .powerObserved(.on)])
        #expect(power.boots.boots == ["b1", "b3"] && !power.boots.lastEnded)
        #expect(power.accept(.signOfLife(boot: "b3"))?.isEmpty == false, "b3 runs: the server is back online")
        #expect(power.condition == .ready)
    }

    @Test("seed 7174: a boot never seen, its sign of life arriving while the power is seen off, is stale; after the BMC sees it on, it is taken")
    func unseenBootWhilePowerOff() {
        var power = Self.controller()
        power.drive([.powerObserved(.off)])
        #expect(power.condition == .shutDown)
        #expect(power.reject(.signOfLife(boot: "b5")) == .stale("sign of life of boot b5 while the power is seen off (sent before it went off)"))
        power.drive([.powerObserved(.on)])
        #expect(power.accept(.signOfLife(boot: "b5"))?.isEmpty == false)
        #expect(power.condition == .ready && power.boots.boots == ["b1", "b5"])
    }

    @Test("a later boot ends the earlier: a sign of life of the earlier, delivered late, is stale")
    func laterBootEndsEarlier() {
        var power = Self.controller()
        #expect(power.accept(.signOfLife(boot: "b2")) == [])
        #expect(power.reject(.signOfLife(boot: "b1")) == .stale("sign of life of boot b1, which has ended (boot b2 came after it)"))
        #expect(power.accept(.signOfLife(boot: "b2")) == [])
    }

    @Test("the controller keeps the last eight boots (BootLedger.memory)")
    func bootMemory() {
        var power = Self.controller()
        for boot in 2...12 { power.drive([.signOfLife(boot: "b\(boot)")]) }
        #expect(power.boots.boots == (5...12).map { "b\($0)" })
        #expect(power.reject(.signOfLife(boot: "b5")) != nil)
    }

    @Test("a sign of life that names no boot is taken as before: after the reset it ends the reboot, even with boots known")
    func unnamedBoot() throws {
        var power = Self.controller(running: Self.updateReboot)
        power.drive([.bmcSucceeded(requestID: Self.bmcID, sequence: 1)])
        let outputsAnswer = power.accept(.signOfLife())
        let outputs = try #require(outputsAnswer)
        #expect(outputs.contains(.operationCompleted(Self.updateReboot)))
    }

    @Test("with requireBootId a sign of life that names no boot is invalid and changes nothing; one that names its boot is taken")
    func requireBootId() throws {
        var settings = Self.settings
        settings.requireBootId = true
        var power = PowerController(settings: settings)
        let new = power
        #expect(power.reject(.registered()) == .invalid("the registration names no boot (bootId), which roles.power.requireBootId requires"))
        #expect(power == new && power.condition == .unknown, "a registration without its boot creates nothing")
        power.drive([.registered(boot: "b0"), .configurationDone, .powerObserved(.on)])
        let before = power
        #expect(power.reject(.signOfLife()) == .invalid("the sign of life names no boot (bootId), which roles.power.requireBootId requires"))
        #expect(power == before)
        #expect(power.accept(.signOfLife(boot: "b1")) != nil)
        #expect(power.boots.current == "b1")
        // Off by default: a sign of life without a boot is taken as before.
        var lenient = Self.controller()
        #expect(lenient.accept(.signOfLife()) != nil)
    }

    @Test("a registration notes the boot it names: the first boot known, ended by the next one, and the boot a reboot starts from")
    func registrationBoot() throws {
        var power = PowerController(settings: Self.settings)
        power.drive([.registered(boot: "b0"), .configurationDone, .powerObserved(.on)])
        #expect(power.boots.current == "b0")
        // A reboot right after the registration, before any heartbeat, starts from the registered boot: a late
        // heartbeat of it after the BMC's answer is stale, and only the next boot ends the reboot.
        power.drive([.command(Self.updateReboot)])
        #expect(power.operation?.bootAtStart == "b0")
        #expect(power.accept(.bmcSucceeded(requestID: Self.bmcID, sequence: 1))?.count == 1)
        #expect(power.reject(.signOfLife(boot: "b0")) == .stale("sign of life of boot b0, which has ended (a power off or reboot ended it)"))
        #expect(power.condition == .rebooting)
        let nextBoot = power.accept(.signOfLife(boot: "b1"))
        let outputs = try #require(nextBoot)
        #expect(outputs.contains(.operationCompleted(Self.updateReboot)))
        // A registration that names no boot notes none, as before.
        var unnamed = PowerController(settings: Self.settings)
        unnamed.drive([.registered()])
        #expect(unnamed.boots.current == nil && unnamed.condition == .pending)
    }
}
