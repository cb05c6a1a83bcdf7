import Testing

@testable import Lifecycle

/// An OS updater that echoes `cycleId` but not `requestId` reports an install's failure once
/// (`update.failed`), and the orchestrator learns it twice, on two topics: the event itself on
/// `server.lifecycle`, and the power controller's status change `Ready (updating) → Ready` with
/// `updateFailed` on `server.transitions`. Across topics there is no order. The orchestrator takes
/// the event, asks for the next attempt, and the status change of the *earlier* attempt's failure is
/// still on its way.
///
/// `answersInstall(nil)` attributes a report naming no request to the latest attempt unless an
/// earlier attempt *timed out* (`earlierInstallMayRun`); an attempt that ended by `update.failed`
/// does not set it. So when the last attempt times out (the cycle fails keeping the lease: the
/// install may run) and the earlier attempt's status change arrives late, it is taken for the last
/// attempt's end: `installMayRun` is cleared and the lease given back while the last install may
/// still be running (its own start report may even be on its way). The scheduler may then power the
/// server off in the middle of it. Found by the hostile simulation (baseline seed 27: update-1-update-2's
/// late status change freed the lease kept for update-1-update-3).
///
/// What should happen (PROTOCOL §2, "Install reports name their attempt": "A report naming no request
/// counts for the cycle only while the cycle asked for one install. Once a later attempt was asked
/// for, it cannot be attributed ... a last attempt that times out fails the cycle keeping the lease
/// (§1: the install may run), and an unattributable report does not end that either."): the lease
/// stays until the last attempt's own report, the server going offline, or a retry.
///
/// The fix: an attempt ended by its `update.failed` may still report too (a copy, or its status change),
/// so it sets `earlierInstallMayRun` as a timeout does. Attempt 2's own `update.failed`, naming no request,
/// is then unattributable as well: it is indistinguishable from a copy of attempt 1's (the second test).
/// The first test used to assert it was taken (asking for attempt 3); that was the defect, not the
/// protocol: attempt 2 now ends at its timeout, as PROTOCOL §2 says an unattributable attempt does.
@Suite("A late status change of an earlier attempt's failure, naming no request, does not free the lease kept for the last attempt (PROTOCOL §2)")
struct LateUnnamedFailureStatusTests {
    private static let settings = Orchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 3))

    private static func status(_ from: ServerCondition, _ to: ServerCondition, _ trigger: StatusTrigger, failed: Bool? = nil, sequence: Int) -> Orchestrator.Input {
        .serverStatus(StatusChange(from: from, to: to, trigger: trigger, updateFailed: failed, cycleID: "update-1", sequence: sequence))
    }

    @Test("attempt 1 fails by update.failed, attempts 2 and 3 time out (attempt 2's update.failed is unattributable); attempt 2's late status change does not give the lease back")
    func lateStatusOfFailedAttempt() {
        var machine = Orchestrator(settings: Self.settings, server: .ready)
        machine.drive([.updateAvailable, .leaseGranted(requestID: "update-1-lease")])
        #expect(machine.installRequestID == "update-1-update-1")
        // Attempt 1 starts and fails; both of its reports arrive.
        machine.drive([Self.status(.ready, .updating, .updateStarted, sequence: 1), .updateFailed(cycleID: "update-1", reason: "apt")], at: t0 + .minutes(1))
        machine.drive([Self.status(.updating, .ready, .updateFinished, failed: true, sequence: 2)], at: t0 + .minutes(1))
        #expect(machine.installRequestID == "update-1-update-2")
        // Attempt 2 starts and fails: update.failed arrives, its status change (sequence 4) lags on server.transitions.
        // Naming no request, once attempt 1 ended by its own update.failed, the report cannot be told from a copy of
        // attempt 1's: stale (PROTOCOL §2), and attempt 2 ends at its timeout.
        machine.drive([Self.status(.ready, .updating, .updateStarted, sequence: 3)], at: t0 + .minutes(2))
        guard case .failure(.stale) = machine.handle(.updateFailed(cycleID: "update-1", reason: "apt"), at: t0 + .minutes(2)) else {
            Issue.record("an update.failed naming no request was taken after attempt 2 was asked for")
            return
        }
        #expect(machine.installRequestID == "update-1-update-2" && machine.lease == .held)
        machine.drive([.tick], at: t0 + .minutes(62))
        #expect(machine.installRequestID == "update-1-update-3")
        // Attempt 3 is asked for and runs (its start report is on its way too); it does not report within its timeout.
        machine.drive([.tick], at: t0 + .minutes(122))
        #expect(machine.updateState == .failed && machine.failure?.installMayRun == true && machine.lease == .held, "\(machine)")

        // Attempt 2's status change arrives.
        let outputs = machine.accept(Self.status(.updating, .ready, .updateFinished, failed: true, sequence: 4), at: t0 + .minutes(123)) ?? []
        // The bug: taken for attempt 3's end: [releaseLease(update-1-lease)] while update-1-update-3 may run.
        #expect(!outputs.contains(.releaseLease(requestID: "update-1-lease")), "\(outputs)")
        #expect(machine.lease == .held && machine.failure?.installMayRun == true)
    }

    /// The same attribution on the other topic: the updater's `update.failed` of attempt 1, naming no
    /// request, delivered twice (the updater's producer retried; the runtime drops copies only of its
    /// own roles' events). The first copy retries the install (attempt 2 asked for), the second is taken
    /// for attempt 2's failure: with a budget of 2 the cycle fails and gives the lease back at once
    /// (`installMayRun` is only set by a timeout) while attempt 2 may be installing. PROTOCOL §2 says it
    /// in so many words: "Once a later attempt was asked for, it cannot be attributed: the orchestrator
    /// rejects `update.failed` as `stale`". Hostile simulation `serversGoAway` seeds 2094, 2108 (and
    /// `restartingUpdaters` 1174, `membershipChanges` 3116).
    @Test("a duplicated update.failed naming no request, after attempt 2 was asked for, is stale: no lease released while attempt 2 may run")
    func duplicatedUnnamedFailure() {
        var machine = Orchestrator(settings: Orchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 2)), server: .ready)
        machine.drive([.updateAvailable, .leaseGranted(requestID: "update-1-lease")])
        machine.drive([Self.status(.ready, .updating, .updateStarted, sequence: 1), .updateFailed(cycleID: "update-1", reason: "apt")], at: t0 + .minutes(1))
        #expect(machine.installRequestID == "update-1-update-2")
        // The copy of the same update.failed.
        let result = machine.handle(.updateFailed(cycleID: "update-1", reason: "apt"), at: t0 + .minutes(2))
        // The bug: accepted: Failed, [releaseLease(update-1-lease)] while update-1-update-2 may be installing.
        guard case .failure(.stale) = result else {
            Issue.record("the copy was taken for attempt 2's failure: \(result); state \(machine.updateState.label), lease \(machine.lease)")
            return
        }
        #expect(machine.lease == .held && machine.installRequestID == "update-1-update-2")
    }
}
