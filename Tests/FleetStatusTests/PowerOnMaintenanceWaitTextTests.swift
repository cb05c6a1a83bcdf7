import FleetStatus
import Lifecycle
import Testing

/// A maintenance asked with `power: on` (`maintenanced request maintenance --power on`, or
/// `"power":"on"` in the event's data) on a server that is off: the scheduler starts it in
/// `settingPower` and asks the power controller to power the server **on**
/// (`power.on.requested`; the power controller then waits in `poweringOn`).
///
/// docs/API.md: `waitsFor` says what the role waits for. What the status view says instead,
/// in `get server`, `get servers`, `/v1/servers` and on the status page, is "the power
/// controller to power the server **off** for maintenance …", next to the power controller's
/// own wait "the BMC to power the server on": the scheduler's text is fixed to "off" whatever
/// power the maintenance asked for (`ServerStatusView.waits(of:)`, case `.settingPower`).
/// Seen with `maintenanced run`: `request maintenance --server server-2 --type Cleanup
/// --policy enforced --power on`, then `get server server-2`.
@Suite("Status views: the scheduler's settingPower wait names the power the maintenance asked for")
struct PowerOnMaintenanceWaitTextTests {
    static let start = Instant(millisecondsSinceEpoch: 1_800_000_000_000)

    @Test("a power-on maintenance of a server that is off waits for the power controller to power it on, not off")
    func powerOnMaintenance() throws {
        var scheduler = MaintenanceScheduler(power: .off)
        let request = MaintenanceRequest(id: MaintenanceID(namespace: "ops", name: "cleanup"), type: "Cleanup", policy: .enforced, power: .on)
        let outputs = try scheduler.handle(.maintenanceRequested(request), at: Self.start).get()
        // The core asks for power on: the view must say the same.
        #expect(outputs.contains { output in
            if case let .power(command) = output { return command.kind == .powerOn }
            return false
        }, "\(outputs)")
        #expect(scheduler.phase == .settingPower)

        let view = ServerStatusView(ServerParts(id: "server-2", scheduler: scheduler), settings: StatusSettings(), now: Self.start)
        let wait = try #require(view.waits.first { $0.role == .scheduler })
        #expect(wait.step == "settingPower")
        #expect(wait.waitsFor.contains("ops/cleanup"))
        #expect(!wait.waitsFor.contains("power the server off"), "\(wait.waitsFor)")
        #expect(wait.waitsFor.contains("power the server on"), "\(wait.waitsFor)")
    }
}
