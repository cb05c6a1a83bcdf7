import Testing

@testable import Lifecycle

/// A cycle that is over (Up to date) keeps the lease and the slot while its last power command is
/// unanswered (`advance`: `guard powerRequestID == nil`), and that wait has no deadline. A command
/// the power controller *rejects* is never answered (the rejection is a `transition.rejected` the
/// orchestrator does not consume), so the lease and the slot are held for good.
///
/// How it happens: the power role lags (its `power.commands` partition behind), the reboot
/// `update-1-reboot` is not carried out within the reboot step's budget, the cycle fails keeping the
/// lease (right: the command is unanswered). A person retries: the retry sends `update-2-reboot` and
/// forgets `update-1-reboot` (`powerRequestID` overwritten). The power controller then runs the old
/// `update-1-reboot` and rejects `update-2-reboot`, "does not apply in state Rebooting" (one operation
/// at a time). The server reboots and comes back: the cycle ends Up to date (restored, for a member),
/// `update-1-reboot`'s completion is `stale` at the orchestrator, and `update-2-reboot` is never
/// answered: lease and slot held forever, no maintenance on the server and no other member of its
/// cluster updated. Hostile simulation `announcementsAndRetries` seed 4028 (and 4067, 4081, 4102,
/// 4110, 4112, …: "Up to date still holds lease held").
///
/// What should happen (PROTOCOL §4: "Every step that waits on the outside world has a deadline ... No
/// wait depends on a report that a known event has made impossible"; §1: the lease goes back once no
/// power command of the cycle is unanswered): a retry does not lose track of the command still
/// outstanding, and the cycle gives the lease and the slot back once the reboot it needed happened
/// (or the wait for an answer ends at a deadline).
@Suite("A finished cycle does not hold the lease forever for a reboot command the power controller rejected (PROTOCOL §4)")
struct UpToDateAwaitingRejectedRebootTests {
    @Test("cycle 1's reboot runs late, the retry's reboot is rejected as the power controller is busy: Up to date gives the lease back")
    func rejectedRetryReboot() {
        let update = Orchestrator.Settings(reboot: RetryPolicy(timeout: .minutes(30), attempts: 1))
        var orchestrator = Orchestrator(settings: update, server: .ready)
        var power = PowerController()
        power.drive([.registered(), .configurationDone, .powerObserved(.on)])
        orchestrator.drive(installSteps.map(\.input))
        orchestrator.drive([change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1")])
        let first = PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot")
        #expect(orchestrator.powerRequestID == first.id)
        // The power controller lags: nothing happens within the reboot step's budget; the cycle fails keeping the lease.
        orchestrator.drive([.tick], at: t0 + .minutes(30))
        #expect(orchestrator.updateState == .failed && orchestrator.lease == .held)
        // A person retries: the reboot is asked again. Its command is unanswered, so it is sent again with its id
        // (before the fix: update-2-reboot, a second command, and update-1-reboot forgotten).
        let retried = orchestrator.accept(.retry, at: t0 + .minutes(40)) ?? []
        let second = retried.compactMap { if case let .power(request) = $0 { request } else { nil } }.first
        #expect(second?.id == "update-1-reboot", "\(retried)")
        #expect(orchestrator.powerRequestID == first.id)

        // The power controller gets to its partition: the old command first, then its copy (rejected: a duplicate).
        var now = t0 + .minutes(50)
        var statusChanges = power.accept(.command(first), at: now) ?? []
        if let second { #expect(power.reject(.command(second), at: now) != nil) }
        guard case let .bmc(bmc)? = statusChanges.first else {
            Issue.record("update-1-reboot not carried out: \(statusChanges)")
            return
        }
        statusChanges += power.accept(.bmcSucceeded(requestID: bmc.requestID, sequence: bmc.sequence), at: now) ?? []
        now = now + .minutes(3)
        statusChanges += power.accept(.signOfLife(), at: now) ?? []
        for output in statusChanges {
            switch output {
            case let .statusChanged(change): _ = orchestrator.handle(.serverStatus(change), at: now)
            case let .operationCompleted(request): _ = orchestrator.handle(.powerCompleted(requestID: request.id), at: now)
            default: break
            }
        }
        #expect(orchestrator.updateState == .upToDate)
        // Time passes; nothing else will ever answer update-2-reboot.
        for hours in [1, 6, 24] { _ = orchestrator.handle(.tick, at: now + .hours(Int64(hours))) }
        // The bug: Up to date, lease held, powerRequestID update-2-reboot, no deadline.
        #expect(orchestrator.lease == .none,
                "Up to date holds the lease for \(orchestrator.powerRequestID ?? "nothing"), which the power controller rejected; next deadline \(String(describing: orchestrator.nextDeadline))")
    }
}
