import FleetStatus
import Lifecycle
import Testing

/// The watch of an install the server started on its own can end in Failed; that is no failed
/// cycle (nothing the service started failed) and an update announced starts its cycle without a
/// retry (PROTOCOL §1). The stuck reason says so instead of "update cycle failed".
@Suite("Status views: a failed watch of the server's own install is not called a failed cycle")
struct WatchedInstallFailureTextTests {
    static let start = Instant(millisecondsSinceEpoch: 1_800_000_000_000)

    @Test("the stuck reason names the server's own install and what ends it")
    func watchedInstall() throws {
        var update = UpdateOrchestrator(settings: UpdateOrchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 2)), server: .ready)
        _ = try update.handle(.serverStatus(StatusChange(from: .ready, to: .updating, trigger: .updateStarted)), at: Self.start).get()
        _ = try update.handle(.updateFailed(cycleID: nil, reason: "apt"), at: Self.start).get()
        _ = try update.handle(.updateFailed(cycleID: nil, reason: "apt"), at: Self.start).get()
        #expect(update.updateState == .failed && update.failure?.watchedInstall == true)

        let view = ServerStatusView(ServerParts(id: "server-1", update: update), settings: StatusSettings(), now: Self.start + .minutes(1))
        #expect(view.stuckReasons.first?.hasPrefix("the server's own install (watched, no update cycle) failed: update failed: apt") == true,
                "\(view.stuckReasons)")
    }
}
