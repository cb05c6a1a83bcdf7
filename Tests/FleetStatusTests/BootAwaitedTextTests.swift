import FleetStatus
import Lifecycle
import Testing

/// Signs of life name their boot (PROTOCOL §2): a reboot awaiting its server says which boot ends it, and the server's
/// view shows the newest boot and whether it ended, so that an operator sees why a sign of life was rejected stale.
@Suite("Status views: the boot a reboot waits for, and the server's newest boot")
struct BootAwaitedTextTests {
    static let start = Instant(millisecondsSinceEpoch: 1_800_000_000_000)
    static let reboot = PowerRequest(.reboot, by: .updateOrchestrator, id: "update-3-reboot")

    static func rebooting(_ inputs: [PowerController.Input]) throws -> PowerController {
        var power = PowerController(settings: PowerController.Settings(reboot: RetryPolicy(timeout: .minutes(10), attempts: 2)))
        for input: PowerController.Input in [.registered(), .configurationDone, .powerObserved(.on), .signOfLife(boot: "b1"), .command(reboot)] + inputs {
            _ = try power.handle(input, at: start).get()
        }
        return power
    }

    @Test("awaiting online, the wait names the boot the reboot started with; the JSON and the text show the ended boot")
    func oneReset() throws {
        let power = try Self.rebooting([.bmcSucceeded(requestID: "update/update-3-reboot", sequence: 1)])
        let view = ServerStatusView(ServerParts(id: "server-1", power: power), settings: StatusSettings(), now: Self.start + .minutes(1))
        let wait = try #require(view.waits.first { $0.role == .power })
        #expect(wait.waitsFor == "the server to come back online after the reboot (server.online of a boot after b1) — reboot asked by updateOrchestrator, request update-3-reboot")
        #expect(view.json["power"]?["boot"] == "b1" && view.json["power"]?["bootEnded"] == true)
        #expect(StatusTable.server(view.json, now: 0).contains { $0.hasPrefix("status:") && $0.hasSuffix("desired on, boot b1 (ended))") })
    }

    @Test("with an earlier attempt carried out late, the wait says how many boots after the start end the reboot, and how many were seen")
    func twoResets() throws {
        var power = try Self.rebooting([])
        _ = try power.handle(.tick, at: Self.start + .minutes(10)).get()
        for input: PowerController.Input in [
            .bmcSucceeded(requestID: "update/update-3-reboot", sequence: 1), .bmcSucceeded(requestID: "update/update-3-reboot", sequence: 2),
            .signOfLife(boot: "b2"),
        ] {
            _ = try power.handle(input, at: Self.start + .minutes(11)).get()
        }
        let view = ServerStatusView(ServerParts(id: "server-1", power: power), settings: StatusSettings(), now: Self.start + .minutes(12))
        let wait = try #require(view.waits.first { $0.role == .power })
        #expect(wait.waitsFor.hasPrefix("the server to come back online after the reboot (server.online of a boot after b1: the BMC carried out 2 resets, so 2 boots after it, 1 seen so far)"))
        #expect(view.json["power"]?["boot"] == "b2" && view.json["power"]?["bootEnded"] == false)
    }

    @Test("a server whose signs of life name no boot shows none")
    func noBoot() throws {
        var power = PowerController()
        _ = try power.handle(.registered(), at: Self.start).get()
        let view = ServerStatusView(ServerParts(id: "server-1", power: power), settings: StatusSettings(), now: Self.start)
        #expect(view.json["power"]?["boot"] == .null && view.json["power"]?["bootEnded"] == false)
        #expect(StatusTable.server(view.json, now: 0).contains { $0.hasPrefix("status:") && !$0.contains("boot") })
    }
}

/// A power off reported during an install waits for a sign of life of the install's boot (PROTOCOL §4): the view shows
/// it as the power controller's wait, with its deadline, and `get --waiting offConfirmation` finds it.
@Suite("Status views: a power off reported during an install, waiting for a sign of life")
struct OffConfirmationTextTests {
    @Test("the wait names the boot and the install, since and until the confirmation's deadline")
    func offConfirmation() throws {
        let start = Instant(millisecondsSinceEpoch: 1_800_000_000_000)
        var power = PowerController(settings: PowerController.Settings(installOffConfirmation: .minutes(2)))
        for input: PowerController.Input in [
            .registered(), .configurationDone, .powerObserved(.on), .signOfLife(boot: "b6"),
            .updateStarted(cycleID: "update-2", requestID: "update-2-update-3"), .powerObserved(.off),
        ] {
            _ = try power.handle(input, at: start).get()
        }
        let view = ServerStatusView(ServerParts(id: "server-1", power: power), settings: StatusSettings(), now: start + .minutes(1))
        let wait = try #require(view.waits.first { $0.role == .power })
        #expect(wait.step == "offConfirmation" && wait.since == start && wait.until == start + .minutes(2))
        #expect(wait.waitsFor.hasPrefix("a sign of life of boot b6 (server.heartbeat with bootId b6) after the BMC reported the power off during install update-2-update-3"))
        #expect(view.isWaiting(for: "offConfirmation") && view.isWaiting(for: "power"))
    }
}
