import Contracts
import Lifecycle
import Testing

/// The evacuations and restores given up on and unanswered hold the lease (PROTOCOL §1): a restarted instance must
/// restore them from the changelog, or the lease goes back while Incus may still carry one out.
@Suite("Requests given up on survive the changelog (PROTOCOL §1)")
struct GivenUpRequestsChangelogTests {
    private static let t0 = Instant(millisecondsSinceEpoch: 1_767_225_600_000)

    @Test("a restored state keeps the evacuation given up on, and its late answer still ends it")
    func roundTrip() throws {
        var machine = UpdateOrchestrator(clusterID: "c1", server: .ready)
        for input: UpdateOrchestrator.Input in [
            .updateAvailable, .leaseGranted(requestID: "update-1-lease"),
            .serverStatus(StatusChange(from: .ready, to: .updating, trigger: .updateStarted, cycleID: "update-1")),
            .serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: true, cycleID: "update-1")),
            .slotGranted(requestID: "update-1-slot", cluster: "c1"),
        ] {
            _ = try machine.handle(input, at: Self.t0).get()
        }
        _ = try machine.handle(.tick, at: Self.t0 + machine.settings.evacuation.timeout).get()
        #expect(machine.givenUpRequests == ["update-1-evacuation-1"] && machine.incusRequestID == "update-1-evacuation-2")
        let restored = try UpdateOrchestrator(changelogValue: try machine.changelogValue())
        #expect(restored == machine)
        var after = restored
        _ = try after.handle(.evacuationFailed(requestID: "update-1-evacuation-1", reason: "busy"), at: Self.t0 + .hours(1)).get()
        #expect(after.givenUpRequests.isEmpty && after.incusRequestID == "update-1-evacuation-2")
    }
}
