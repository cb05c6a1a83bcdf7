import Testing

@testable import Lifecycle

/// The orchestrator forgot an Incus evacuation or restore request it gave up on: its step timed out and
/// asked again with a new id (or the cycle failed, or an operator retried it), and the request's late answer
/// was `stale`. The lease went back once the later request was answered (or the member left its cluster),
/// while the Incus adapter, lagging, still had the request given up on to carry out: it evacuated or
/// restored the member after the scheduler was Idle again, free to power the server off for a maintenance
/// (hostile simulation, `lease-at-act`: everything seeds 7010, 7011, 7016, 7074, 7088).
///
/// PROTOCOL §1: the orchestrator releases the lease "only once nothing of the cycle can still disrupt the
/// server"; a power command given up on already holds it (`powerRequestID`, one at a time) and the scheduler
/// holds its lease back for its own (`LeaseAfterUnansweredPowerCommandTests`). An evacuation or restore given
/// up on is the same: the Incus adapter answers every request it takes, so it holds the lease until its
/// answer, which ends only that request.
@Suite("A disruptive request given up on keeps the lease until its peer answers it (PROTOCOL §1, §4)")
struct LeaseAfterGivenUpIncusRequestTests {
    /// A c1 member evacuated and rebooted: restore `update-1-restore-1` asked at `t0 + 5 min` (30 min × 2 attempts).
    private static func restoring() -> Orchestrator {
        var machine = Orchestrator(clusterID: "c1", server: .ready)
        machine.drive(installSteps.map(\.input))
        machine.drive([
            change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1"),
            .slotGranted(requestID: "update-1-slot", cluster: "c1"), .evacuationCompleted(requestID: "update-1-evacuation-1"),
        ])
        machine.drive([change(.ready, .rebooting, .reboot), change(.rebooting, .ready, .online), .powerCompleted(requestID: "update-1-reboot")],
                      at: t0 + .minutes(5))
        #expect(machine.updateState == .restoring && machine.incusRequestID == "update-1-restore-1")
        return machine
    }

    /// A c1 member asked to evacuate (`update-1-evacuation-1` at t0, 30 min × 2 attempts).
    private static func evacuating() -> Orchestrator { evacuatingMember() }

    private static func releasesLease(_ outputs: [Orchestrator.Output]) -> Bool {
        outputs.contains { if case .releaseLease = $0 { true } else { false } }
    }

    @Test("a restore that timed out and was asked again keeps the lease after the second completed, until its own answer")
    func timedOutRestore() {
        var machine = Self.restoring()
        let retried = machine.accept(.tick, at: t0 + .minutes(35)) ?? []
        #expect(retried.contains(.restore(requestID: "update-1-restore-2")), "\(retried)")
        let done = machine.accept(.restoreCompleted(requestID: "update-1-restore-2"), at: t0 + .minutes(36)) ?? []
        #expect(machine.updateState == .upToDate)
        // The adapter still has update-1-restore-1 to carry out: the lease stays.
        #expect(!Self.releasesLease(done) && machine.lease == .held, "lease given back with update-1-restore-1 unanswered: \(done)")
        // Its late answer ends it, and only it: the lease and the slot go back.
        let late = machine.accept(.restoreCompleted(requestID: "update-1-restore-1"), at: t0 + .minutes(40)) ?? []
        #expect(late.contains(.releaseLease(requestID: "update-1-lease")) && late.contains(.releaseSlot(clusterID: "c1")), "\(late)")
        #expect(machine.lease == .none && machine.slot == .none && machine.updateState == .upToDate)
        // A copy of it is stale now.
        guard case .stale? = machine.reject(.restoreCompleted(requestID: "update-1-restore-1"), at: t0 + .minutes(41)) else {
            Issue.record("a copy of the late answer was not stale")
            return
        }
    }

    @Test("a late answer of an evacuation given up on, while the next one is outstanding, ends only that request")
    func lateAnswerWhileNextOutstanding() {
        var machine = Self.evacuating()
        _ = machine.accept(.tick, at: t0 + .minutes(30))
        #expect(machine.incusRequestID == "update-1-evacuation-2")
        let outputs = machine.accept(.evacuationFailed(requestID: "update-1-evacuation-1", reason: "busy"), at: t0 + .minutes(31)) ?? []
        #expect(outputs.isEmpty && machine.updateState == .evacuating && machine.incusRequestID == "update-1-evacuation-2", "\(outputs)")
        // An id never asked for is still stale.
        guard case .stale? = machine.reject(.evacuationCompleted(requestID: "update-1-evacuation-9"), at: t0 + .minutes(32)) else {
            Issue.record("an answer of a request never asked for was taken")
            return
        }
    }

    @Test("a cycle failed with its evacuations unanswered keeps the lease after the member left its cluster, until Incus answers them")
    func failedEvacuationLeftCluster() {
        var machine = Self.evacuating()
        _ = machine.accept(.tick, at: t0 + .minutes(30))
        _ = machine.accept(.tick, at: t0 + .minutes(60))
        #expect(machine.updateState == .failed && machine.maintenance == .evacuating && machine.lease == .held)
        // The member leaves its cluster: nothing to evacuate or restore any more, but Incus may still act on the requests
        // (the member may join a cluster again before it does): its maintenance state ends once they are answered.
        let left = machine.accept(.clusterMembership(nil), at: t0 + .minutes(61)) ?? []
        #expect(machine.maintenance == .evacuating)
        #expect(!Self.releasesLease(left) && machine.lease == .held, "lease given back with both evacuations unanswered: \(left)")
        let first = machine.accept(.evacuationFailed(requestID: "update-1-evacuation-1", reason: "not a member"), at: t0 + .minutes(62)) ?? []
        #expect(!Self.releasesLease(first), "\(first)")
        let second = machine.accept(.evacuationFailed(requestID: "update-1-evacuation-2", reason: "not a member"), at: t0 + .minutes(63)) ?? []
        #expect(machine.maintenance == .notInMaintenance)
        #expect(second.contains(.releaseLease(requestID: "update-1-lease")) && machine.lease == .none, "\(second)")
    }

    @Test("an operator retry does not forget the failed cycle's unanswered restore: the retried cycle keeps the lease for it")
    func retryKeepsUnansweredRestore() {
        var machine = Self.restoring()
        _ = machine.accept(.tick, at: t0 + .minutes(35))
        _ = machine.accept(.tick, at: t0 + .minutes(65))
        #expect(machine.updateState == .failed && machine.maintenance == .restoring)
        let retried = machine.accept(.retry, at: t0 + .minutes(70)) ?? []
        #expect(retried.contains(.restore(requestID: "update-2-restore-1")), "\(retried)")
        let done = machine.accept(.restoreCompleted(requestID: "update-2-restore-1"), at: t0 + .minutes(71)) ?? []
        #expect(machine.updateState == .upToDate)
        #expect(!Self.releasesLease(done) && machine.lease == .held, "lease given back with update-1-restore-1 and -2 unanswered: \(done)")
        _ = machine.accept(.restoreFailed(requestID: "update-1-restore-1", reason: "busy"), at: t0 + .minutes(72))
        #expect(machine.lease == .held)
        let last = machine.accept(.restoreCompleted(requestID: "update-1-restore-2"), at: t0 + .minutes(73)) ?? []
        #expect(Self.releasesLease(last) && machine.lease == .none, "\(last)")
        // An update announced afterwards starts its cycle at once.
        let next = machine.accept(.updateAvailable, at: t0 + .hours(2)) ?? []
        #expect(next.contains { if case .requestLease = $0 { true } else { false } }, "\(next)")
    }

    @Test("the late completion of the last evacuation asked, given up on, is the member's place: evacuated, it is restored before the lease goes back")
    func lateLastEvacuationIsAFact() {
        var machine = Self.evacuating()
        // The member leaves its cluster while its evacuation is outstanding, and the evacuation times out: given up on.
        machine.drive([.clusterMembership(nil)], at: t0 + .minutes(1))
        _ = machine.accept(.tick, at: t0 + .minutes(30))
        #expect(machine.incusRequestID == nil && machine.givenUpRequests == ["update-1-evacuation-1"])
        // Incus may still carry it out (the member may be in a cluster again by then): the maintenance state waits for its answer.
        #expect(machine.maintenance == .evacuating && machine.lease == .held)
        machine.drive([.clusterMembership("c2")], at: t0 + .minutes(31))
        let late = machine.accept(.evacuationCompleted(requestID: "update-1-evacuation-1"), at: t0 + .minutes(32)) ?? []
        #expect(machine.maintenance == .evacuated && machine.givenUpRequests.isEmpty, "\(late)")
        #expect(!Self.releasesLease(late) && machine.lease == .held, "an evacuated member gave its lease back: \(late)")
        // The cycle goes on from there: the reboot, then a restore under a slot of its new cluster.
        #expect(late.contains { if case .power = $0 { true } else if case .requestSlot(clusterID: "c2", _) = $0 { true } else { false } }, "\(late)")
    }
}
