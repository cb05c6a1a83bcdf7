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

/// The evacuation, reboot and restore request ids name their round (`update-N-round-R-…`) and attempt, and a
/// reboot command still unanswered is the one retried (PROTOCOL §2, §4): the wait names the request whose
/// answer ends it.
@Suite("Status views: the evacuation, reboot and restore waits name their request")
struct RoundRequestWaitTextTests {
    static let start = Instant(millisecondsSinceEpoch: 1_800_000_000_000)

    private static func change(_ from: ServerCondition, _ to: ServerCondition, _ trigger: StatusTrigger, requiresReboot: Bool? = nil,
                               cycle: String? = nil) -> UpdateOrchestrator.Input {
        .serverStatus(StatusChange(from: from, to: to, trigger: trigger, requiresReboot: requiresReboot, cycleID: cycle))
    }

    private static func updateWait(_ update: UpdateOrchestrator) throws -> String {
        let view = ServerStatusView(ServerParts(id: "server-1", update: update), settings: StatusSettings(), now: start + .minutes(1))
        return try #require(view.waits.first { $0.role == .update }).waitsFor
    }

    @Test("round 2 of cycle update-1: the evacuation, the reboot and the restore each named")
    func secondRound() throws {
        var update = UpdateOrchestrator(clusterID: "c1", server: .ready)
        for input: UpdateOrchestrator.Input in [
            .updateAvailable, .leaseGranted(requestID: "update-1-lease"), Self.change(.ready, .updating, .updateStarted, cycle: "update-1"),
            Self.change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"),
            .slotGranted(requestID: "update-1-slot", cluster: "c1"), .evacuationCompleted(requestID: "update-1-evacuation-1"),
            Self.change(.ready, .rebooting, .reboot), Self.change(.rebooting, .ready, .online), .powerCompleted(requestID: "update-1-reboot"),
            Self.change(.ready, .updating, .updateStarted), Self.change(.updating, .ready, .updateFinished, requiresReboot: true),
            .restoreCompleted(requestID: "update-1-restore-1"),
        ] {
            _ = try update.handle(input, at: Self.start).get()
        }
        #expect(try Self.updateWait(update) == "Incus to evacuate the server (incus.evacuation.completed with requestId update-1-round-2-evacuation-1)")
        _ = try update.handle(.evacuationCompleted(requestID: "update-1-round-2-evacuation-1"), at: Self.start).get()
        #expect(try Self.updateWait(update) == "the reboot to complete (power.command.completed for update-1-round-2-reboot)")
        for input: UpdateOrchestrator.Input in [
            Self.change(.ready, .rebooting, .reboot), Self.change(.rebooting, .ready, .online),
        ] {
            _ = try update.handle(input, at: Self.start).get()
        }
        #expect(try Self.updateWait(update) == "Incus to restore the server (incus.restore.completed with requestId update-1-round-2-restore-1)")
    }
}
