import FleetStatus
import Lifecycle
import Testing

/// The owner's claim is part of what an operator asks about a server waiting for approval: who holds it, and
/// whether its ok-to-maintenance is set. The view shows it, and the approval wait names the owner whose
/// approval counts (PROTOCOL §2: an approval naming another owner is stale).
@Suite("Status views: the owner's claim, and whose approval a maintenance waits for")
struct ClaimViewTests {
    static let now = Instant(millisecondsSinceEpoch: 1_800_000_000_000)

    static func awaitingApproval(owner: String?) throws -> ServerStatusView {
        var scheduler = MaintenanceScheduler()
        let request = MaintenanceRequest(id: MaintenanceID(namespace: "ops", name: "bios"), type: "BIOSUpdate")
        for input: MaintenanceScheduler.Input in [.claimChanged(Claim(okToMaintenance: false, owner: owner)), .maintenanceRequested(request)] {
            _ = try scheduler.handle(input, at: now).get()
        }
        #expect(scheduler.phase == .awaitingApproval)
        return ServerStatusView(ServerParts(id: "server-1", scheduler: scheduler), settings: StatusSettings(), now: now)
    }

    @Test("a claim with an owner: the JSON and the text show it, and the wait names the owner's approval")
    func namedOwner() throws {
        let view = try Self.awaitingApproval(owner: "team-a")
        #expect(view.json["claim"] == ["owner": "team-a", "okToMaintenance": false])
        #expect(StatusTable.server(view.json, now: 0).contains("operational:  reserved (claimed by team-a, ok-to-maintenance no)"))
        let wait = try #require(view.waits.first { $0.role == .scheduler })
        #expect(wait.waitsFor == "the owner team-a's approval (maintenance.approved with owner team-a) of maintenance ops/bios")
    }

    @Test("a claim that named no owner shows none; an unclaimed server has no claim")
    func unnamedAndUnclaimed() throws {
        let view = try Self.awaitingApproval(owner: nil)
        #expect(view.json["claim"] == ["owner": .null, "okToMaintenance": false])
        #expect(StatusTable.server(view.json, now: 0).contains("operational:  reserved (claimed, ok-to-maintenance no)"))
        #expect(try #require(view.waits.first { $0.role == .scheduler }).waitsFor == "the owner's approval (maintenance.approved) of maintenance ops/bios")

        let free = ServerStatusView(ServerParts(id: "server-2", scheduler: MaintenanceScheduler()), settings: StatusSettings(), now: Self.now)
        #expect(free.json["claim"] == .null)
        #expect(StatusTable.server(free.json, now: 0).contains("operational:  available"))
    }
}
