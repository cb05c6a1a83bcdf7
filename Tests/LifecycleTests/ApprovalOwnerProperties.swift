import Lifecycle
import Testing

/// Claims and approvals come on different topics, so any order of them reaches the scheduler: claims by one
/// owner or another (or none named), releases, approvals naming an owner, the claim's or an earlier claim's, or
/// none. Over random such interleavings, with maintenances requested between them (owner approval), a
/// maintenance of a claimed server is started (its power command sent) only once the current claim was approved
/// by its owner, and an approval naming another owner than the claim's never changes the claim (PROTOCOL §2).
@Suite("Property: a maintenance of a claimed server starts only with its current owner's approval")
struct ApprovalOwnerProperties {
    @Test("over 300 random interleavings of claims, releases, approvals and requests")
    func onlyCurrentOwnerApproves() {
        var starts = 0
        var stale = 0
        forAllSeeds(300) { random in
            var scheduler = MaintenanceScheduler()
            var now = Instant(millisecondsSinceEpoch: 1_800_000_000_000)
            // Whether the current claim was approved by its owner (or by an approval naming none) since it was taken.
            var approvedByOwner = false
            let owners: [String?] = ["team-a", "team-b", nil]
            for step in 0..<60 {
                now = now + .seconds(1)
                let input: MaintenanceScheduler.Input =
                    switch Int.random(in: 0..<6, using: &random) {
                    case 0: .claimChanged(Claim(okToMaintenance: false, owner: owners.pick(&random)))
                    case 1: .claimChanged(nil)
                    case 2, 3: .approved(owner: owners.pick(&random))
                    default: .maintenanceRequested(MaintenanceRequest(id: MaintenanceID(namespace: "ops", name: "m\(step)"), type: "BIOSUpdate"))
                    }
                let before = scheduler
                switch scheduler.handle(input, at: now) {
                case .failure(let rejection):
                    if case let .approved(owner) = input, let owner, let holder = before.claim?.owner, owner != holder {
                        guard case .stale = rejection else { return "step \(step): another owner's approval rejected \(rejection), not stale" }
                        stale += 1
                    }
                    if scheduler != before { return "step \(step): a rejected \(input) changed the state" }
                case .success(let outputs):
                    switch input {
                    case let .claimChanged(claim): approvedByOwner = claim?.okToMaintenance ?? false
                    case let .approved(owner):
                        guard let claim = before.claim else { return "step \(step): an approval of an unclaimed server was taken" }
                        if let owner, let holder = claim.owner, owner != holder {
                            return "step \(step): \(owner)'s approval was taken for \(holder)'s claim"
                        }
                        approvedByOwner = true
                    default: break
                    }
                    let powered = outputs.contains { if case .power = $0 { true } else { false } }
                    if powered {
                        starts += 1
                        if let claim = scheduler.claim, !approvedByOwner {
                            return "step \(step): \(input) started a maintenance of a server claimed by \(claim.owner ?? "an unnamed owner") that its owner had not approved"
                        }
                    }
                }
            }
            return nil
        }
        #expect(starts > 100, "maintenances started: \(starts)")
        #expect(stale > 100, "another owner's approvals rejected stale: \(stale)")
    }
}
