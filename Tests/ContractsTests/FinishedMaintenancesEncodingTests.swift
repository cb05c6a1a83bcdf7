import Contracts
import Foundation
import Lifecycle
import Testing

/// The scheduler keeps the maintenances a server finished (`finished`, their ids' fingerprints);
/// its changelog value holds them (as JSON integers), and a value written before the field existed
/// restores with none.
@Suite("The scheduler's finished maintenances survive its changelog, and older values restore without them")
struct FinishedMaintenancesEncodingTests {
    private static let t0 = Instant(millisecondsSinceEpoch: 1_767_225_600_000)

    @Test("written and read back; an older value (no field) restores with none")
    func roundTripAndOlderValue() throws {
        var scheduler = MaintenanceScheduler(power: .on)
        let id = MaintenanceID(namespace: "ops", name: "bios")
        for input: MaintenanceScheduler.Input in [
            .maintenanceRequested(MaintenanceRequest(id: id, type: "BIOSUpdate", policy: .enforced, power: .on)), .maintenanceCompleted(id),
        ] {
            _ = try scheduler.handle(input, at: Self.t0).get()
        }
        #expect(scheduler.finished == [id.fingerprint])
        let written = String(decoding: try scheduler.changelogValue(), as: UTF8.self)
        let field = #","finished":["# + "\(id.fingerprint)" + "]"
        #expect(written.contains(field), "\(written)")
        #expect(try MaintenanceScheduler(changelogValue: Array(written.utf8)) == scheduler)

        var old = try MaintenanceScheduler(changelogValue: Array(written.replacingOccurrences(of: field, with: "").utf8))
        #expect(old.finished.isEmpty && old.phase == scheduler.phase && old.queue == scheduler.queue)
        // Without the memory, the copy is a new maintenance: what the field is for.
        #expect((try? old.handle(.maintenanceRequested(MaintenanceRequest(id: id, type: "BIOSUpdate", policy: .enforced, power: .on)), at: Self.t0).get()) != nil)
    }
}
