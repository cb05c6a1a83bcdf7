import Testing

@testable import Lifecycle

/// The reboot's budget at the orchestrator (30 minutes × 2) can end while the power controller still
/// carries the command out (its own budget: the BMC, then the wait for the server to come back): the
/// cycle fails keeping its lease, the command unanswered (PROTOCOL §1). An operator retry then sent a
/// new command, `update-2-reboot`, which the busy power controller rejects (`not applicable`, the
/// orchestrator never hears of it); the first command's completion was `stale` since the orchestrator
/// waited for the new one; so the cycle ended Up to date with `update-2-reboot` unanswered forever: the
/// lease was never given back (no maintenance could run on the server again) and every update announced
/// afterwards was kept for a cycle that never starts.
///
/// PROTOCOL §1: each requester has one command outstanding and retries only that one. A reboot command
/// still unanswered is the one a later attempt sends again, also after an operator retry: a duplicate
/// while the power controller carries it out, whose answer still counts.
@Suite("A reboot command unanswered is the one retried, also after an operator retry (PROTOCOL §1, §4)")
struct RetryWhileRebootUnansweredTests {
    private static let settings = Orchestrator.Settings(reboot: RetryPolicy(timeout: .minutes(30), attempts: 2))

    @Test("the retried cycle repeats the unanswered command; its completion ends the cycle and gives the lease back")
    func retryRepeatsTheCommand() {
        var roles = UpdateAndPowerRoles(Orchestrator(settings: Self.settings, server: .ready))
        roles.orchestrator(.updateAvailable)
        roles.orchestrator(.leaseGranted(requestID: "update-1-lease"))
        roles.powerController(.updateStarted(cycleID: "update-1", requestID: "update-1-update-1"))
        roles.powerController(.updateFinished(requiresReboot: true, cycleID: "update-1", requestID: "update-1-update-1"))
        // The BMC is slow: the orchestrator's budget ends first, the command still carried out.
        roles.orchestrator(.tick, at: t0 + .minutes(30))
        roles.orchestrator(.tick, at: t0 + .minutes(60))
        #expect(roles.machine.updateState == .failed && roles.machine.powerRequestID == "update-1-reboot" && roles.machine.lease == .held)

        let retried = roles.orchestrator(.retry, at: t0 + .minutes(61))
        #expect(retried.contains(.power(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot"))), "\(retried)")
        #expect(roles.machine.powerRequestID == "update-1-reboot")
        roles.rebootRuns(at: t0 + .minutes(62))
        #expect(roles.machine.updateState == .upToDate && roles.machine.powerRequestID == nil && roles.machine.lease == .none,
                "\(roles.machine.updateState.label), \(roles.machine.powerRequestID ?? "no command") unanswered, lease \(roles.machine.lease)")
        #expect(!roles.rejected.contains { $0.contains("does not apply") }, "\(roles.rejected)")

        // An update announced afterwards starts its cycle.
        let next = roles.orchestrator(.updateAvailable, at: t0 + .hours(2))
        #expect(next.contains(.requestLease(requestID: "update-3-lease")), "\(next)")
    }
}
