import Testing

@testable import Lifecycle

/// The server installs an update on its own (no cycle: `update.started` naming none, no update
/// announced). The orchestrator only watches it: it holds no lease and asked for nothing. When that
/// install fails or its watch times out, the retry path asked for an install anyway
/// (`update-0-update-2`, or after an earlier cycle `update-N-update-2`, an id of a cycle already over),
/// without the lease. Invariant 1 (PROTOCOL §1): nothing triggers an install without the lease, and
/// an install is asked for only for an announced update.
@Suite("A failure or timeout of an install the server started on its own asks for no install (PROTOCOL §1)")
struct UncycledInstallRetryTests {
    private static let settings = Orchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 2))

    private static func triggers(_ outputs: [Orchestrator.Output]) -> [String] {
        outputs.compactMap { if case let .triggerUpdate(requestID, _) = $0 { requestID } else { nil } }
    }

    /// A server that starts an install nobody asked for; `cycles` earlier cycles ran to Up to date.
    private static func watching(afterCycles cycles: Int = 0) -> Orchestrator {
        var machine = Orchestrator(settings: settings, server: .ready)
        for cycle in 0..<cycles {
            let id = "update-\(cycle + 1)"
            machine.drive([
                .updateAvailable, .leaseGranted(requestID: "\(id)-lease"), change(.ready, .updating, .updateStarted, cycle: id),
                change(.updating, .ready, .updateFinished, requiresReboot: false, cycle: id),
            ])
        }
        #expect(machine.updateState == .upToDate && machine.lease == .none)
        machine.drive([change(.ready, .updating, .updateStarted)])
        #expect(machine.updateState == .updating && machine.wait?.step == .update && machine.lease == .none)
        return machine
    }

    @Test("its failure report asks for no install")
    func failure() {
        var machine = Self.watching()
        let outputs = machine.accept(.updateFailed(cycleID: nil, reason: "apt")) ?? []
        #expect(Self.triggers(outputs).isEmpty, "an install asked for without the lease: \(outputs)")
        #expect(machine.lease == .none && machine.installAttempts == 0)
    }

    @Test("its watch timing out asks for no install")
    func timeout() {
        var machine = Self.watching()
        let outputs = machine.accept(.tick, at: t0 + .minutes(60)) ?? []
        #expect(Self.triggers(outputs).isEmpty, "an install asked for without the lease: \(outputs)")
        #expect(machine.wait?.step == .update && machine.wait?.attempt == 2)
        // Its budget used, the watch ends in Failed with the reason, as every wait does; nothing was asked for.
        let last = machine.accept(.tick, at: t0 + .minutes(120)) ?? []
        #expect(Self.triggers(last).isEmpty && machine.updateState == .failed)
    }

    @Test("after an earlier cycle, no install is asked for with that cycle's id; an operator retry asks for none either")
    func afterACycle() {
        var machine = Self.watching(afterCycles: 1)
        var outputs = machine.accept(.updateFailed(cycleID: nil, reason: "apt")) ?? []
        outputs += machine.accept(.updateFailed(cycleID: nil, reason: "apt again"), at: t0 + .minutes(1)) ?? []
        #expect(Self.triggers(outputs).isEmpty, "\(outputs)")
        #expect(machine.updateState == .failed)
        outputs = machine.drive([.retry], at: t0 + .minutes(2))
        #expect(Self.triggers(outputs).isEmpty && machine.lease == .none, "\(outputs)")
    }
}
