import Testing

@testable import Lifecycle

/// Defects an independent client found by producing events on the input topics: each test
/// states what docs/PROTOCOL.md promises and fails while the state machines do otherwise.
@Suite("An OS updater's report that names no cycle does not move the cycle that runs (PROTOCOL §2)")
struct UncycledUpdateReportTests {
    private static let settings = Orchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 2))

    /// Cycle update-1 announced, the lease granted, the install asked for (not started yet).
    private static func installAsked() -> Orchestrator {
        var machine = Orchestrator(settings: settings, server: .ready)
        machine.drive(Array(installSteps.prefix(2)).map(\.input))
        #expect(machine.wait?.step == .update && machine.lease == .held && machine.installAttempts == 1)
        return machine
    }

    @Test("update.failed without cycleId while a cycle runs is not the cycle's answer: no second install")
    func noSecondInstall() {
        var machine = Self.installAsked()
        // PROTOCOL §2: "A report without cycleId ... counts for a cycle only while none runs".
        _ = machine.reject(.updateFailed(cycleID: nil, reason: "a report that names no cycle"))
        #expect(machine.installAttempts == 1)
    }

    @Test("two such reports do not fail the cycle, and the lease stays while its install is asked for")
    func leaseKept() {
        var machine = Self.installAsked()
        var outputs: [Orchestrator.Output] = []
        for reason in ["stray one", "stray two"] {
            if case let .success(emitted) = machine.handle(.updateFailed(cycleID: nil, reason: reason), at: t0) { outputs += emitted }
        }
        // What happened instead: update-1-update-2 asked for, then the cycle Failed and the lease
        // released while both install requests were still outstanding; the updater then
        // starts update-1's install and the scheduler powers the server off under it.
        #expect(!outputs.contains(.releaseLease(requestID: "update-1-lease")), "outputs: \(outputs)")
        #expect(machine.updateState != .failed)
        #expect(machine.lease == .held)
    }

    @Test("while no cycle runs, a report that names none still counts (an update the server started on its own)")
    func unannouncedStillCounts() {
        var machine = Orchestrator(settings: Self.settings, server: .ready)
        machine.drive([change(.ready, .updating, .updateStarted)])
        #expect(machine.wait?.step == .update)
        #expect(machine.accept(.updateFailed(cycleID: nil, reason: "apt")) != nil)
    }
}
