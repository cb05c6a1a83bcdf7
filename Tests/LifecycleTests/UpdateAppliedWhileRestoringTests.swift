import Testing

@testable import Lifecycle

/// A clustered member is Restoring (its update rebooted it; the restore is asked for). The server
/// installs an update on its own meanwhile and it needs a reboot: its reports name no cycle, and
/// the cycle's own update is applied already (`updateAvailable` false), so the report counts
/// (PROTOCOL §2: a report naming no cycle counts while none runs): `requiresReboot` becomes true.
/// The update state stays Restoring (the maintenance state decides it). But from now on the
/// restore's completion would lead to Evacuation pending (not in maintenance, reboot needed), and
/// the table has only Restoring → Up to date on `restoreCompleted`: every `incus.restore.completed`
/// is rejected ("does not apply in state Restoring"). The restore times out, its retries' answers
/// are rejected the same way, the cycle fails; a person's retry resumes at the restore and fails
/// again. The member stays evacuated (its instances elsewhere) and holds the lease and its cluster's
/// slot for good: no maintenance on it, no other member of a `maxUnavailable: 1` cluster updated.
/// Hostile simulation `everything` seeds 7003, 7007, 7011, 7033, … (a fifth of the runs).
///
/// The table has the arrow for the state before (In maintenance (restore pending) → In maintenance
/// (reboot pending), "update applied: reboot again"); d9d2a64 added Restoring → Evacuation pending / Reboot
/// pending. The first test then asserted only the member's maintenance state right after the completion
/// (not in maintenance): but in the same step the member goes on with the new round and is evacuated
/// again, which is what should happen; it now checks the restore's end and the new evacuation. What was
/// still missing are the other states the facts give when Incus answers (the completion is a fact, taken
/// whatever the server did meanwhile): the server's own install still running (Restoring → Updating), the
/// server rebooting, and for the evacuation a server that rebooted on its own meanwhile.
///
/// What should happen (seed: "restore completed life cycle event received" ends the restore; PROTOCOL
/// §4: every wait ends, no wait depends on a report made impossible): the restore's completion is
/// taken; the member is restored (not in maintenance) and then goes on with the reboot the new update
/// needs (evacuated again under its slot), or at least ends the restore and gives back what it holds.
@Suite("An update the server applied on its own while restoring does not make the restore's completion impossible")
struct UpdateAppliedWhileRestoringTests {
    @Test("Restoring, an unannounced install finishes needing a reboot: incus.restore.completed is still taken")
    func restoreCompletesAfterOwnUpdate() {
        var machine = Orchestrator(clusterID: "c1", server: .ready)
        for step in cycles[2].steps where machine.updateState != .restoring { machine.drive([step.input]) }
        #expect(machine.updateState == .restoring && machine.incusRequestID == "update-1-restore-1", "\(machine.updateState.label)")
        // The server's own install runs and finishes, needing a reboot (its reports name no cycle).
        machine.drive([change(.ready, .updating, .updateStarted), change(.updating, .ready, .updateFinished, requiresReboot: true)], at: t0 + .minutes(1))
        #expect(machine.updateState == .restoring)
        // Incus completes the restore.
        let result = machine.handle(.restoreCompleted(requestID: "update-1-restore-1"), at: t0 + .minutes(2))
        // The bug: failure(restoreCompleted (would lead to Evacuation pending) does not apply in state Restoring).
        guard case let .success(outputs) = result else {
            Issue.record("the restore's completion is rejected: \(result); the member stays evacuated and keeps lease \(machine.lease) and slot \(machine.slot)")
            return
        }
        // The member is restored, and in the same step goes on with the reboot the new update needs: a round of its
        // own, evacuated again under the slot it holds (the restore's end is emitted before the new evacuation).
        #expect(outputs.starts(with: [.maintenanceStateChanged(from: .restoring, to: .notInMaintenance)]), "\(outputs)")
        #expect(outputs.contains(.evacuate(requestID: "update-1-round-2-evacuation-1")), "\(outputs)")
        #expect(machine.maintenance == .evacuating && machine.updateState == .evacuating)
    }

    @Test("Restoring, the server's own install still runs when the restore completes: it is taken, the install watched")
    func restoreCompletesWhileOwnInstallRuns() {
        var machine = Orchestrator(clusterID: "c1", server: .ready)
        for step in cycles[2].steps where machine.updateState != .restoring { machine.drive([step.input]) }
        machine.drive([change(.ready, .updating, .updateStarted)], at: t0 + .minutes(1))
        let result = machine.handle(.restoreCompleted(requestID: "update-1-restore-1"), at: t0 + .minutes(2))
        guard case .success = result else {
            Issue.record("the restore's completion is rejected: \(result)")
            return
        }
        #expect(machine.maintenance == .notInMaintenance && machine.updateState == .updating)
        // The install finishes needing a reboot: the member is evacuated again (round 2).
        let outputs = machine.drive([change(.updating, .ready, .updateFinished, requiresReboot: true)], at: t0 + .minutes(3))
        #expect(outputs.contains(.evacuate(requestID: "update-1-round-2-evacuation-1")), "\(outputs)")
    }

    @Test("Evacuating, the server reboots on its own: the evacuation's completion is taken however far the reboot got")
    func evacuationCompletesAfterOwnReboot() {
        var machine = Orchestrator(clusterID: "c1", server: .ready)
        for step in cycles[2].steps where machine.updateState != .evacuating { machine.drive([step.input]) }
        #expect(machine.updateState == .evacuating, "\(machine.updateState.label)")
        machine.drive([change(.ready, .rebooting, .reboot), change(.rebooting, .ready, .online)], at: t0 + .minutes(1))
        guard let id = machine.incusRequestID else { Issue.record("no evacuation outstanding"); return }
        let result = machine.handle(.evacuationCompleted(requestID: id), at: t0 + .minutes(2))
        guard case .success = result else {
            Issue.record("the evacuation's completion is rejected: \(result)")
            return
        }
        // Rebooted already: the member goes on to its restore.
        #expect(machine.maintenance == .restoring, "\(machine.updateState.label)")
    }
}
