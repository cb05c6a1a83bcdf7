import Testing

@testable import Lifecycle

/// `nextUpdateAnnounced` is a flag, not a version. An update of version B announced while cycle 1
/// installs version A (its install already asked for) is kept, and so is the fact that C came after
/// it: the next cycle installs the newest. It does because `update.install.requested` names no
/// version: it asks the OS updater to apply the update it has on offer, which is the newest announced
/// (PROTOCOL §2). So one cycle follows, however many versions were announced meanwhile; the version
/// (`update.available`'s optional `version`) is informational and not kept.
@Suite("Updates announced mid-cycle start one next cycle, which installs the newest (PROTOCOL §2)")
struct NewestAnnouncedUpdateTests {
    @Test("B then C announced during cycle 1's install: one cycle 2, its install asks for the update on offer")
    func oneNextCycle() {
        var machine = Orchestrator(server: .ready)
        machine.drive(Array(installSteps.prefix(2)).map(\.input))
        // Version B: kept for the next cycle; version C: the kept announcement already stands for it.
        machine.drive([.updateAvailable], at: t0 + .minutes(1))
        #expect(machine.nextUpdateAnnounced)
        guard case .duplicate = machine.reject(.updateAvailable, at: t0 + .minutes(2)) else {
            Issue.record("a further announcement was not a duplicate of the kept one")
            return
        }
        // Cycle 1 installs A and ends: cycle 2 starts at once and asks for the lease.
        let ended = machine.drive([
            change(.ready, .updating, .updateStarted, cycle: "update-1"), change(.updating, .ready, .updateFinished, requiresReboot: false, cycle: "update-1"),
        ], at: t0 + .minutes(10))
        #expect(ended.suffix(2) == [.releaseLease(requestID: "update-1-lease"), .requestLease(requestID: "update-2-lease")], "\(ended)")
        let asked = machine.drive([.leaseGranted(requestID: "update-2-lease")], at: t0 + .minutes(11))
        #expect(asked == [.triggerUpdate(requestID: "update-2-update-1", cycleID: "update-2")])
        // Cycle 2 ends Up to date: no third cycle for C.
        let done = machine.drive([
            change(.ready, .updating, .updateStarted, cycle: "update-2"), change(.updating, .ready, .updateFinished, requiresReboot: false, cycle: "update-2"),
        ], at: t0 + .minutes(20))
        #expect(machine.updateState == .upToDate && !machine.nextUpdateAnnounced && done.last == .releaseLease(requestID: "update-2-lease"))
    }
}
