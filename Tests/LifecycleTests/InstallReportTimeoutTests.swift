import Testing

@testable import Lifecycle

/// Hostile seeds 7075 and 7119 (session 37's "status left Ready (updating)" class): the server started an install
/// of its own, the OS updater restarted and lost it, and never reported it. The power controller's status stayed
/// Ready (updating) for good: the update cycle waiting for the server to be Ready (to reboot it) timed out on every
/// retry, and a watched install's retry watched the lost install again. Nothing else ends an install the server
/// reports: its own report, the start of another, or the server going offline.
///
/// The rule now (PROTOCOL §4): an install of the server's own (its start named no cycle) reported started and not
/// ended for `installReportTimeout` (3 h by default, configurable, null to keep waiting) is taken as ended without
/// being applied, as another install's start would say: the status leaves updating (`updateFailed`), a report of it
/// arriving later is stale, and the waits for the server get past it. An install a cycle asked for is not timed by
/// the power controller: taken as ended, the cycle's last attempt gave its lease back while it still ran (seeds 1011,
/// 3028 with a first version of this rule); the orchestrator keeps the lease while it may run, and its timeout, an
/// operator's retry (whose install's start supersedes it) or the server going offline ends it.
@Suite("An install never reported ended is taken as ended after installReportTimeout (PROTOCOL §4)")
struct InstallReportTimeoutTests {
    private static let settings = PowerController.Settings(installReportTimeout: .hours(3))

    private static func updating(cycle: String? = nil, request: String? = nil) -> PowerController {
        var power = PowerController(settings: settings)
        power.drive([.registered(), .configurationDone, .updateStarted(cycleID: cycle, requestID: request)])
        return power
    }

    @Test("seed 7119: the server's own install, lost by its updater; at the timeout the status is Ready, updateFailed")
    func ownInstallLost() {
        var power = Self.updating()
        #expect(power.condition == .updating && power.nextDeadline == t0 + .hours(3))
        #expect(power.accept(.tick, at: t0 + .minutes(179)) == [])
        let outputs = power.accept(.tick, at: t0 + .hours(3))
        #expect(outputs?.unnumbered == [.statusChanged(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, updateFailed: true))])
        #expect(power.condition == .ready && power.install?.deadline == nil && power.nextDeadline == nil)
        // Its report, if it ever comes, is stale: the install is no longer running.
        #expect(power.reject(.updateFinished(requiresReboot: true, cycleID: nil), at: t0 + .hours(4)) != nil)
    }

    @Test("an install of a cycle is not timed here: the orchestrator keeps its lease while it may run (seeds 1011, 3028)")
    func cycleInstallNotTimed() {
        // Taken as ended, the cycle's last attempt failed and gave its lease back while the install still ran, and a
        // maintenance's work started during it (maintenance-vs-update).
        var power = Self.updating(cycle: "update-2", request: "update-2-update-1")
        #expect(power.install?.deadline == nil && power.nextDeadline == nil)
        #expect(power.accept(.tick, at: t0 + .hours(100)) == [] && power.condition == .updating)
        // The next cycle's start supersedes it, as before (LaterInstallAttemptStartTests), and is not timed either.
        _ = power.accept(.updateStarted(cycleID: "update-3", requestID: "update-3-update-1"), at: t0 + .hours(101))
        #expect(power.install?.cycle == "update-3" && power.nextDeadline == nil)
    }

    @Test("a report in time ends the deadline; a later install starts its own")
    func reportInTime() {
        var power = Self.updating()
        _ = power.accept(.updateFinished(requiresReboot: false, cycleID: nil), at: t0 + .hours(1))
        #expect(power.install?.deadline == nil && power.nextDeadline == nil)
        _ = power.accept(.updateStarted(cycleID: nil), at: t0 + .hours(2))
        #expect(power.nextDeadline == t0 + .hours(5))
        // The server going offline ends the install too, and its deadline with it.
        _ = power.accept(.powerObserved(.off), at: t0 + .hours(2))
        #expect(power.condition == .shutDown && power.install?.deadline == nil)
    }

    @Test("null keeps the install running until a report, as before")
    func disabled() {
        var power = PowerController(settings: PowerController.Settings(installReportTimeout: nil))
        power.drive([.registered(), .configurationDone, .updateStarted(cycleID: nil)])
        #expect(power.nextDeadline == nil)
        #expect(power.accept(.tick, at: t0 + .hours(1_000)) == [] && power.condition == .updating)
    }

    @Test("seed 7075: an evacuated member waiting for the server to be Ready (to reboot it) gets past a lost install of the server's own")
    func cycleGetsPast() {
        var update = UpdateOrchestrator(clusterID: "c1", server: .ready)
        var power = PowerController(settings: Self.settings)
        power.drive([.registered(), .configurationDone])
        func report(_ input: PowerController.Input, at now: Instant = t0) -> [UpdateOrchestrator.Output] {
            var outputs: [UpdateOrchestrator.Output] = []
            for case let .statusChanged(change) in power.accept(input, at: now) ?? [] { outputs += update.accept(.serverStatus(change), at: now) ?? [] }
            return outputs
        }
        // The cycle's install, applied, needs a reboot; the member is evacuated under a slot. Meanwhile the server
        // starts an install of its own, which its updater loses.
        update.drive([.updateAvailable, .leaseGranted(requestID: "update-1-lease")])
        _ = report(.updateStarted(cycleID: "update-1", requestID: "update-1-update-1"))
        _ = report(.updateFinished(requiresReboot: true, cycleID: "update-1", requestID: "update-1-update-1"))
        update.drive([.slotGranted(requestID: "update-1-slot", cluster: "c1")])
        _ = report(.updateStarted(cycleID: nil))
        update.drive([.evacuationCompleted(requestID: "update-1-evacuation-1")])
        #expect(update.server == .updating && update.wait?.step == .serverReady && update.powerRequestID == nil,
                "\(update.updateState) \(String(describing: update.wait)) \(String(describing: update.powerRequestID)) \(update.server)")
        // The power controller's deadline ends the lost install: the reboot goes out.
        let next = report(.tick, at: t0 + .hours(3))
        #expect(next.contains(.power(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot"))), "\(next)")
    }
}
