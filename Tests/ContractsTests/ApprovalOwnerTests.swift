import Events
import Lifecycle
import Testing

@testable import Contracts

/// An owner's approval (`maintenance.approved`, on maintenance.requests) and the claims it approves
/// (`server.claimed`, `server.released`, on server.lifecycle) come on different topics: an approval
/// sent before the claim was released can arrive after another owner claimed the server. Taken, it
/// set the new owner's ok-to-maintenance, and a maintenance powered off a server whose owner had not
/// approved it. The claim keeps its owner, the request for approval names it, and an approval naming
/// another owner is stale (PROTOCOL §2).
@Suite("An approval names the claim's owner: one of an earlier claim's owner does not approve the new claim")
struct ApprovalOwnerTests {
    private let logic = SchedulerLogic()

    private func event(_ type: String, _ data: JSONValue = [:], id: String) throws -> InboundEvent {
        let entry = try #require(EventCatalog.entry(for: type))
        return try InboundEvent(
            event: CloudEvent(id: id, source: "/tests/owner", type: type, subject: "server-1", data: data), topic: entry.topic,
            key: Array("server-1".utf8))
    }

    private func step(_ type: String, _ data: JSONValue = [:], id: String, on state: inout MaintenanceScheduler?) throws -> StepOutcome {
        try logic.step(try event(type, data, id: id), state: &state, at: Instant(millisecondsSinceEpoch: 1_000))
    }

    private func types(_ outcome: StepOutcome) -> [String] {
        guard case let .applied(events) = outcome else { return [] }
        return events.map(\.type)
    }

    @Test("a late approval of the earlier owner is stale after another owner claimed the server; the new owner's approves")
    func lateApprovalOfEarlierClaim() throws {
        var state: MaintenanceScheduler? = nil
        // team-a claims the server and approves (its approval is delayed), then releases it; team-b claims it.
        _ = try step(EventName.serverClaimed, ["owner": "team-a", "okToMaintenance": false], id: "c1", on: &state)
        _ = try step(EventName.serverReleased, id: "r1", on: &state)
        _ = try step(EventName.serverClaimed, ["owner": "team-b", "okToMaintenance": false], id: "c2", on: &state)
        #expect(state?.claim == Claim(okToMaintenance: false, owner: "team-b"))
        let requested = try step(EventName.maintenanceRequested, ["namespace": "ops", "name": "bios", "type": "BIOSUpdate"], id: "m1", on: &state)
        guard case let .applied(events) = requested, let ask = events.first(where: { $0.type == EventName.maintenanceApprovalRequested }) else {
            Issue.record("no approval asked for: \(requested)")
            return
        }
        #expect(ask.data["owner"] == "team-b", "the request for approval names the claim's owner")

        // team-a's approval, sent before its release, arrives now.
        let late = try step(EventName.maintenanceApproved, ["owner": "team-a"], id: "a1", on: &state)
        guard case let .rejected(rejection) = late, case .stale = rejection else {
            Issue.record("the earlier owner's approval was not stale: \(late)")
            return
        }
        #expect(state?.claim?.okToMaintenance == false && state?.phase == .awaitingApproval, "still waits for the new owner")

        let approved = try step(EventName.maintenanceApproved, ["owner": "team-b"], id: "a2", on: &state)
        #expect(state?.claim == Claim(okToMaintenance: true, owner: "team-b"))
        #expect(state?.phase == .settingPower, "the new owner's approval starts the maintenance: \(types(approved))")
    }

    @Test("an approval naming no owner, or of a claim that named none, approves as before")
    func unnamedApprovesAsBefore() throws {
        var state: MaintenanceScheduler? = nil
        _ = try step(EventName.serverClaimed, ["owner": "team-a"], id: "c1", on: &state)
        _ = try step(EventName.maintenanceApproved, id: "a1", on: &state)
        #expect(state?.claim == Claim(okToMaintenance: true, owner: "team-a"))

        var anonymous: MaintenanceScheduler? = nil
        _ = try step(EventName.serverClaimed, id: "c2", on: &anonymous)
        _ = try step(EventName.maintenanceApproved, ["owner": "team-z"], id: "a2", on: &anonymous)
        #expect(anonymous?.claim == Claim(okToMaintenance: true, owner: nil))
    }

    @Test("a claim by another owner with the same label is a new claim, not a duplicate")
    func newOwnerIsNewClaim() throws {
        var state: MaintenanceScheduler? = nil
        _ = try step(EventName.serverClaimed, ["owner": "team-a", "okToMaintenance": true], id: "c1", on: &state)
        let again = try step(EventName.serverClaimed, ["owner": "team-b", "okToMaintenance": true], id: "c2", on: &state)
        guard case .applied = again else {
            Issue.record("another owner's claim was not applied: \(again)")
            return
        }
        #expect(state?.claim?.owner == "team-b")
    }

    @Test("the claim's owner is kept in the changelog value, and a claim written before it has none")
    func ownerPersisted() throws {
        let state = MaintenanceScheduler(claim: Claim(okToMaintenance: true, owner: "team-a"))
        let restored = try MaintenanceScheduler(changelogValue: try state.changelogValue())
        #expect(restored.claim == Claim(okToMaintenance: true, owner: "team-a"))
        let old = String(decoding: try state.changelogValue(), as: UTF8.self).replacingOccurrences(of: #","owner":"team-a""#, with: "")
        #expect(!old.contains("owner"))
        #expect(try MaintenanceScheduler(changelogValue: Array(old.utf8)).claim == Claim(okToMaintenance: true))
    }
}
