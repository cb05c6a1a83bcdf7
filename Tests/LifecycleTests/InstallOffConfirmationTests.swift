import Testing

@testable import Lifecycle

/// Hostile seeds 7022 and 8453 (everything): the BMC's reports of a power cycle (off, then on) before an install
/// started came on `power.events` after the install's start (`server.lifecycle`). The off ended the install in the
/// status view while it ran: the orchestrator took it as interrupted, and a failed cycle that kept its lease because
/// the install might run gave the lease back, and a maintenance powered the server on during the install (8453).
///
/// The rule now (PROTOCOL §4): during an install in a boot the signs of life name, a power off the BMC reports waits
/// `installOffConfirmation` for a sign of life. One of the install's boot, also while the BMC still sees the power off
/// (its report that the power is back can lag hours, seed 19854), says the off was of an earlier power cycle: the
/// install runs on. One of another boot says the off ended it (shut down, then
/// online). None in that time: shut down, as before. Without named boots the off ends the install at once.
@Suite("A power off reported during an install is confirmed by the signs of life of the install's boot")
struct InstallOffConfirmationTests {
    private static let settings = PowerController.Settings(installOffConfirmation: .minutes(2))

    /// A ready server in boot `b6` running install update-2-update-3 of cycle update-2.
    private static func installing(settings: PowerController.Settings = settings, boot: String? = "b6") -> PowerController {
        var power = PowerController(settings: settings)
        power.drive([.registered(), .configurationDone, .powerObserved(.on)])
        if let boot { power.drive([.signOfLife(boot: boot)]) }
        power.drive([.updateStarted(cycleID: "update-2", requestID: "update-2-update-3")])
        return power
    }

    @Test("seed 8453: a late off and on of an earlier power cycle, then a heartbeat of the install's boot: the install runs on")
    func staleOffConfirmedByInstallBoot() {
        var power = Self.installing()
        #expect(power.install?.boot == "b6")
        #expect(power.accept(.powerObserved(.off)) == [.observedPowerChanged(.off, sequence: power.statusSequence)])
        #expect(power.condition == .updating && power.install?.offDeadline == t0 + .minutes(2) && power.nextDeadline == t0 + .minutes(2))
        // Another boot while the BMC still sees the power off: sent before the off, it says nothing.
        #expect(power.reject(.signOfLife(boot: "b9")) == .stale("sign of life of boot b9 while the power is seen off (sent before it went off)"))
        #expect(power.install?.offDeadline != nil)
        power.drive([.powerObserved(.on)], at: t0 + .seconds(10))
        #expect(power.accept(.signOfLife(boot: "b6"), at: t0 + .seconds(30)) == [])
        #expect(power.condition == .updating && power.install?.offDeadline == nil)
        #expect(power.accept(.tick, at: t0 + .minutes(5)) == [])
        #expect(power.accept(.updateFinished(requiresReboot: true, cycleID: "update-2", requestID: "update-2-update-3"), at: t0 + .minutes(6))?.count == 1)
        #expect(power.condition == .ready)
    }

    @Test("seed 19854: the install's boot alive while the BMC still sees the power off confirms the install; its on report may lag for hours")
    func confirmedWhileSeenOff() throws {
        var power = Self.installing()
        power.drive([.powerObserved(.off)])
        #expect(power.observedPower == .off && power.install?.offDeadline == t0 + .minutes(2))
        // The power came back on its own and the server booted b7, where the next install started; the BMC's report
        // that the power is on is still on its way (another topic). The start names the new install's boot.
        let started = power.accept(.updateStarted(cycleID: "update-3", requestID: "update-3-update-1", boot: "b7"), at: t0 + .seconds(20))
        #expect(try #require(started).map(\.statusTrigger) == [.updateFinished, .updateStarted])
        #expect(power.install?.boot == "b7" && power.install?.offDeadline == t0 + .minutes(2))
        // Its heartbeat is what the off waits for: the off was of the power cycle before b7. The install runs on.
        #expect(power.accept(.signOfLife(boot: "b7"), at: t0 + .seconds(40)) == [])
        #expect(power.condition == .updating && power.install?.offDeadline == nil && power.boots.current == "b7")
        #expect(power.accept(.tick, at: t0 + .minutes(5)) == [])
        #expect(power.condition == .updating)
        // Confirmed, the rule is the usual one again until the BMC reports the power on: nothing waits for a sign of life.
        #expect(power.reject(.signOfLife(boot: "b7"), at: t0 + .minutes(6)) == .stale("sign of life of boot b7 while the power is seen off (sent before it went off)"))
        power.drive([.powerObserved(.on)], at: t0 + .hours(5))
        #expect(power.accept(.signOfLife(boot: "b7"), at: t0 + .hours(5) + .seconds(1)) == [])
        #expect(power.accept(.updateFinished(requiresReboot: false, cycleID: "update-3", requestID: "update-3-update-1"), at: t0 + .hours(6))?.count == 1)
        #expect(power.condition == .ready)
    }

    @Test("a real power off: no sign of life within the confirmation, the install ends shut down")
    func realOff() throws {
        var power = Self.installing()
        power.drive([.powerObserved(.off)])
        #expect(power.accept(.tick, at: t0 + .minutes(1)) == [])
        let outputsAnswer = power.accept(.tick, at: t0 + .minutes(2))
        let outputs = try #require(outputsAnswer)
        #expect(outputs.map(\.statusTrigger) == [.shutdown])
        #expect(power.condition == .shutDown && power.install?.offDeadline == nil && power.install?.boot == nil)
    }

    @Test("a real power cycle: a sign of life of another boot says the off ended the install: shut down, then online")
    func realPowerCycle() throws {
        var power = Self.installing()
        power.drive([.powerObserved(.off), .powerObserved(.on)])
        let outputsAnswer = power.accept(.signOfLife(boot: "b7"), at: t0 + .seconds(40))
        let outputs = try #require(outputsAnswer)
        #expect(outputs.map(\.statusTrigger) == [.shutdown, .online])
        #expect(power.condition == .ready && power.install?.offDeadline == nil && power.boots.boots.suffix(2) == ["b6", "b7"])
    }

    @Test("the install's report while the off waits: the install ends as reported, then the off stands")
    func reportWhileWaiting() throws {
        var power = Self.installing()
        power.drive([.powerObserved(.off)])
        let outputsAnswer = power.accept(.updateFailed(cycleID: "update-2", requestID: "update-2-update-3"), at: t0 + .seconds(20))
        let outputs = try #require(outputsAnswer)
        #expect(outputs.map(\.statusTrigger) == [.updateFinished, .shutdown])
        #expect(power.condition == .shutDown)
    }

    @Test("the install's report timeout while the off waits: the install ends as timed out, then the off stands")
    func installTimeoutWhileWaiting() throws {
        var power = PowerController(settings: PowerController.Settings(installReportTimeout: .hours(1), installOffConfirmation: .hours(5)))
        power.drive([.registered(), .configurationDone, .powerObserved(.on), .signOfLife(boot: "b6"), .updateStarted(cycleID: nil)])
        power.drive([.powerObserved(.off)], at: t0 + .minutes(1))
        #expect(power.nextDeadline == t0 + .hours(1))
        let outputsAnswer = power.accept(.tick, at: t0 + .hours(1))
        let outputs = try #require(outputsAnswer)
        #expect(outputs.map(\.statusTrigger) == [.updateFinished, .shutdown])
        #expect(power.condition == .shutDown && power.install?.offDeadline == nil && power.nextDeadline == nil)
    }

    @Test("another install's start while the off waits: the new install is followed and the off waits on for it")
    func supersedingStart() {
        var power = Self.installing()
        power.drive([.powerObserved(.off)])
        power.drive([.updateStarted(cycleID: "update-3", requestID: "update-3-update-1", boot: "b6")], at: t0 + .seconds(20))
        #expect(power.condition == .updating && power.install?.cycle == "update-3" && power.install?.offDeadline == t0 + .minutes(2))
        power.drive([.tick], at: t0 + .minutes(2))
        #expect(power.condition == .shutDown)
    }

    @Test("the start names the install's boot: a sign of life of that boot confirms, also when it was not seen before the start")
    func startNamesBoot() {
        var power = PowerController(settings: Self.settings)
        power.drive([.registered(), .configurationDone, .powerObserved(.on), .signOfLife(boot: "b6")])
        power.drive([.updateStarted(cycleID: "update-2", requestID: "update-2-update-1", boot: "b7")])
        #expect(power.install?.boot == "b7")
        power.drive([.powerObserved(.off), .powerObserved(.on)])
        #expect(power.accept(.signOfLife(boot: "b7"), at: t0 + .seconds(30)) == [])
        #expect(power.condition == .updating && power.install?.offDeadline == nil)
    }

    @Test("without named boots, or with installOffConfirmation null, the off ends the install at once, as before")
    func atOnce() {
        var unnamed = Self.installing(boot: nil)
        #expect(unnamed.install?.boot == nil)
        #expect(unnamed.accept(.powerObserved(.off))?.map(\.statusTrigger) == [nil, .shutdown])
        var disabled = Self.installing(settings: PowerController.Settings(installOffConfirmation: nil))
        #expect(disabled.accept(.powerObserved(.off))?.map(\.statusTrigger) == [nil, .shutdown])
        #expect(disabled.condition == .shutDown)
    }
}

extension PowerController.Output {
    /// The status trigger of a status change; nil for any other output.
    fileprivate var statusTrigger: StatusTrigger? {
        if case let .statusChanged(change) = self { change.trigger } else { nil }
    }
}
