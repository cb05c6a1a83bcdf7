import Testing

@testable import Lifecycle

/// The path of "a retry of an install the server started on its own may send update-0's trigger
/// without the lease": when a server that is Up to date starts an install on its own (the table's
/// "update started unannounced"), the orchestrator only waits for it (`advance`: `Wait(.update)`,
/// no lease asked for: it did not ask for this install). When that wait times out, `retryOrFail`
/// treats it like the wait for an install the cycle asked for: it "retries" the step and sends
/// `update.install.requested` as `<cycleID>-update-2`, for the cycle id the orchestrator last had:
/// `update-0` on a server that never had a cycle, `update-1` on one whose cycle 1 ended Up to date
/// (a cycle that is over), with no lease held and none asked for. The hostile simulation
/// (`maintenanceRacesUpdate`, seeds 6009, 6023, 6024, 6025, … : "install update-1-update-2 asked for
/// while the orchestrator's lease is none, scheduler Idle") hits it in a fifth of its runs, also with
/// the scheduler in the middle of a maintenance (seed 6071: Applying boot configuration; 6200:
/// Powering off).
///
/// What should happen (PROTOCOL §1: the orchestrator "asks for the lease (`disruption.requested`)
/// before its first disruptive step of a cycle, the install"; invariant 1: every install starts while
/// the scheduler shows the lease granted to the orchestrator's current request): no install request
/// without the lease. The wait for an install nobody asked for ends at its timeout without asking for
/// one (or, if the orchestrator wants to install, it opens a cycle and asks for the lease first).
@Suite("The timeout of an install the server started on its own sends no install request without the lease (invariant 1)")
struct UnannouncedInstallTimeoutTests {
    private static let settings = Orchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 2))

    @Test("a server with no cycle yet: no update-0-update-2 install request without the lease")
    func noCycleYet() {
        var machine = Orchestrator(settings: Self.settings, server: .ready)
        machine.drive([change(.ready, .updating, .updateStarted)])
        #expect(machine.updateState == .updating && machine.wait?.step == .update && machine.lease == .none)
        let outputs = machine.accept(.tick, at: t0 + .minutes(60)) ?? []
        // The bug: [triggerUpdate(requestID: "update-0-update-2", cycleID: "update-0")] with no lease.
        for case let .triggerUpdate(requestID, cycleID) in outputs {
            Issue.record("install \(requestID) of \(cycleID) asked for with the lease \(machine.lease)")
        }
    }

    @Test("after cycle update-1 ended Up to date: no update-1-update-2 install request for the cycle that is over")
    func afterACycle() {
        var machine = Orchestrator(settings: Self.settings, server: .ready)
        machine.drive(installSteps.map(\.input))
        machine.drive([change(.updating, .ready, .updateFinished, requiresReboot: false, cycle: "update-1")])
        #expect(machine.updateState == .upToDate && machine.lease == .none)
        machine.drive([change(.ready, .updating, .updateStarted)], at: t0 + .hours(1))
        let outputs = machine.accept(.tick, at: t0 + .hours(2)) ?? []
        for case let .triggerUpdate(requestID, cycleID) in outputs {
            Issue.record("install \(requestID) of \(cycleID) asked for with the lease \(machine.lease)")
        }
    }
}
