import Foundation
import Lifecycle
import Testing

/// The state is persisted as JSON to a changelog topic and kept in memory per
/// tracked server; it must stay small (the target is under 1 KiB per server).
@Suite("State size")
struct StateSizeTests {
    static func size(_ value: some Encodable) -> Int { (try? JSONEncoder().encode(value).count) ?? .max }

    @Test("each role's state of a busy server encodes to well under 1 KiB")
    func busyServer() throws {
        var power = PowerController()
        power.drive([.registered, .configurationDone, .powerObserved(.on),
                     .command(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-12-reboot")), .bmcSucceeded(requestID: "update-12-reboot", sequence: 1)])
        var orchestrator = Orchestrator(clusterID: "cluster-eu-west-1a", server: .ready)
        orchestrator.drive(Array(cycles[2].steps.prefix(5).map(\.input)))
        var scheduler = Scheduler(claim: Claim(), power: .on)
        scheduler.drive([
            .maintenanceRequested(maintenance("bios-update-2026-01", priority: 2, policy: .enforced, boot: "bios-update-2026-01-sbc")),
            .maintenanceRequested(maintenance("firmware-nic-2026-01", boot: "firmware-nic-sbc")),
            .maintenanceRequested(maintenance("cleanup-2026-01")),
        ])
        let sizes = [("power controller", Self.size(power)), ("update orchestrator", Self.size(orchestrator)), ("scheduler", Self.size(scheduler))]
        print("state sizes (JSON bytes):", sizes)
        for (role, bytes) in sizes { #expect(bytes < 1_024, "\(role): \(bytes) bytes") }
        #expect(sizes.map(\.1).reduce(0, +) < 2_048)
    }
}
