import FleetStatus
import Lifecycle
import Testing

/// The power controller's wait for the BMC names the BMC request its answer must carry
/// (`requester/id` and the sequence, PROTOCOL §2), not only the command's id: an operator
/// reading `get server` looks for that request on the BMC adapter's side, and the scheduler's
/// `maintenance-power-3` and an operator's command of the same id are different BMC requests.
@Suite("Status views: the power wait names the BMC request its answer must carry")
struct PowerWaitBMCRequestTextTests {
    static let start = Instant(millisecondsSinceEpoch: 1_800_000_000_000)

    /// A power controller of a registered server that is on, after `command`.
    static func power(after command: PowerRequest) throws -> PowerController {
        var power = PowerController()
        for event in [PowerController.Input.registered(), .configurationDone, .powerObserved(.on), .command(command)] {
            _ = try power.handle(event, at: start).get()
        }
        return power
    }

    @Test("a reboot asked by the update orchestrator: the BMC request update/update-3-reboot, sequence 1")
    func reboot() throws {
        let power = try Self.power(after: PowerRequest(.reboot, by: .updateOrchestrator, id: "update-3-reboot"))
        let view = ServerStatusView(ServerParts(id: "server-4", power: power), settings: StatusSettings(), now: Self.start)
        let wait = try #require(view.waits.first { $0.role == .power })
        #expect(wait.step == "rebooting")
        #expect(wait.waitsFor.contains("bmc.power.completed with requestId update/update-3-reboot, sequence 1"), "\(wait.waitsFor)")
        #expect(wait.waitsFor.contains("request update-3-reboot"), "\(wait.waitsFor)")
    }

    @Test("the scheduler's power off and an operator's of the same id wait for different BMC requests")
    func sameIDOtherRequester() throws {
        let scheduler = try Self.power(after: PowerRequest(.powerOff, by: .scheduler, id: "maintenance-power-3"))
        let operatorCommand = try Self.power(after: PowerRequest(.powerOff, by: .operatorRequest, id: "maintenance-power-3"))
        let waits = try [scheduler, operatorCommand].map { power in
            try #require(ServerStatusView(ServerParts(id: "server-4", power: power), settings: StatusSettings(), now: Self.start).waits.first { $0.role == .power })
        }
        #expect(waits.map(\.step) == ["gracefulOff", "gracefulOff"])
        #expect(waits[0].waitsFor.contains("requestId scheduler/maintenance-power-3,"), "\(waits[0].waitsFor)")
        #expect(waits[1].waitsFor.contains("requestId operator/maintenance-power-3,"), "\(waits[1].waitsFor)")
    }
}
