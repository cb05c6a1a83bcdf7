import FleetStatus
import Lifecycle
import Testing

/// After an install attempt timed out and the next one was asked for, the status view still
/// says the orchestrator waits for "update.completed with cycleId update-1": a report that
/// names only the cycle, which the orchestrator no longer takes (6739c13).
///
/// Scenario: cycle update-1 holds the lease and asks for the install (`update-1-update-1`); no
/// report comes within `update.timeout`, so the orchestrator asks again
/// (`update-1-update-2`) and sets `earlierInstallMayRun`. From now on only a report naming
/// `requestId` `update-1-update-2` ends the step (`answersInstall`): a finish naming just the
/// cycle moves the status view but not the cycle (PROTOCOL §2, "Install reports name their
/// attempt"). `get server`, `/v1/servers` and the status page show the update role's wait as
/// "the OS updater's report that install update-1 ended (update.completed with cycleId
/// update-1)" (`ServerStatusView.waits(of:)`, case `.update`): an operator who checks the
/// updater against it finds the updater doing as told while the cycle never moves.
///
/// Why it is a defect: docs/API.md, `waitsFor` says what the role waits for; here it names a
/// report the orchestrator rejects (`update.failed` naming no request is `stale`) or ignores.
/// The view disagrees with the orchestrator about the request the step waits on.
@Suite("Status views: the install wait names the install request the orchestrator waits on")
struct InstallAttemptWaitTextTests {
    static let start = Instant(millisecondsSinceEpoch: 1_800_000_000_000)

    @Test("after attempt 1 timed out, the wait names update-1-update-2, the only request whose report ends it")
    func secondAttempt() throws {
        var update = UpdateOrchestrator(settings: UpdateOrchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 2)), server: .ready)
        _ = try update.handle(.updateAvailable, at: Self.start).get()
        _ = try update.handle(.leaseGranted(requestID: "update-1-lease"), at: Self.start).get()
        let retried = try update.handle(.tick, at: Self.start + .minutes(60)).get()
        #expect(retried == [.triggerUpdate(requestID: "update-1-update-2", cycleID: "update-1")])
        #expect(update.wait?.step == .update && update.earlierInstallMayRun)

        let view = ServerStatusView(ServerParts(id: "server-1", update: update), settings: StatusSettings(), now: Self.start + .minutes(61))
        let wait = try #require(view.waits.first { $0.role == .update })
        #expect(wait.step == "update")
        #expect(wait.waitsFor.contains("update-1-update-2"), "the view does not name the install request waited on: \(wait.waitsFor)")
    }
}
