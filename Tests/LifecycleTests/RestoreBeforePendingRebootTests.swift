import Testing

@testable import Lifecycle

/// A cycle that failed at its restore with a reboot still pending (the server's own install needed
/// one meanwhile) is retried: the new cycle first restores the member (`update-2-restore-1`), then
/// goes on with the pending reboot, evacuating, rebooting and restoring again. That second restore
/// was asked for as `update-2-restore-1` too: the retried cycle counts the pending reboot as its
/// first round, and the restore before it used the same round's ids. One id named two requests
/// (PROTOCOL §3): Incus, or a consumer dropping copies, takes the second restore for the first one
/// and the member may stay evacuated. The hostile simulation found it (maintenance seed 6007 and
/// 12 more per sweep: "update-K-restore-1 (restore) asked for again after it was completed").
///
/// What should happen (PROTOCOL §3: an id names one request): a restore that completes while a
/// reboot is still pending ends the round whose ids it used; the pending reboot's evacuation,
/// reboot and restore are a round of their own (`update-N-round-R-…`).
@Suite("A restore completed with a reboot still pending ends its round: the reboot's requests have ids of their own (PROTOCOL §3)")
struct RestoreBeforePendingRebootTests {
    @Test("a retried cycle restores, then evacuates, reboots and restores again: no restore id is asked for twice")
    func noRestoreIDTwice() {
        let settings = Orchestrator.Settings(restore: RetryPolicy(timeout: .minutes(10), attempts: 1))
        var machine = Orchestrator(settings: settings, clusterID: "c1", server: .ready)
        for step in cycles[2].steps where machine.updateState != .restoring { machine.drive([step.input]) }
        #expect(machine.updateState == .restoring && machine.incusRequestID == "update-1-restore-1", "\(machine.updateState.label)")
        var now = t0 + .minutes(1)
        machine.drive([.restoreFailed(requestID: "update-1-restore-1", reason: "busy")], at: now)
        #expect(machine.updateState == .failed)
        // The server installs an update of its own meanwhile, needing a reboot.
        machine.drive([change(.ready, .updating, .updateStarted), change(.updating, .ready, .updateFinished, requiresReboot: true)], at: now)
        // A person retries: answer every request the way a well-behaved peer would.
        var pending = machine.drive([.retry], at: now + .minutes(1))
        var asked: [String] = []
        var steps = 0
        while !pending.isEmpty, steps < 40 {
            steps += 1
            now = now + .minutes(1)
            let output = pending.removeFirst()
            switch output {
            case let .restore(id):
                #expect(!asked.contains(id), "restore \(id) asked for again after it was completed (asked \(asked))")
                asked.append(id)
                pending += machine.accept(.restoreCompleted(requestID: id), at: now) ?? []
            case let .evacuate(id):
                #expect(!asked.contains(id), "evacuation \(id) asked for again (asked \(asked))")
                asked.append(id)
                pending += machine.accept(.evacuationCompleted(requestID: id), at: now) ?? []
            case let .requestLease(id):
                pending += machine.accept(.leaseGranted(requestID: id), at: now) ?? []
            case let .requestSlot(cluster, id):
                pending += machine.accept(.slotGranted(requestID: id, cluster: cluster), at: now) ?? []
            case let .power(request):
                pending += machine.drive([change(.ready, .rebooting, .reboot)], at: now)
                pending += machine.drive([change(.rebooting, .ready, .online)], at: now)
                pending += machine.accept(.powerCompleted(requestID: request.id), at: now) ?? []
            default:
                break
            }
        }
        #expect(machine.updateState == .upToDate && machine.maintenance == .notInMaintenance, "\(machine.updateState.label); asked \(asked)")
        #expect(asked.filter { $0.contains("restore") }.count == 2, "\(asked)")
    }
}
