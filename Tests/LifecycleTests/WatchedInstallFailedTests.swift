import Testing

@testable import Lifecycle

/// The server installs an update on its own (no update announced, no cycle: the orchestrator only
/// watches it) and the watch ends in Failed (the install failed, or timed out, with its budget used).
/// An update announced then, or during the watch, was only kept for after an operator retry: the
/// server stayed on its failed install of its own until a person came, and announced updates were
/// never installed.
///
/// Decision (PROTOCOL §1, §4): Failed exists so a person looks at a cycle the service started and gave
/// up on; it keeps what that cycle holds while it may disrupt the server. A watched install is the
/// server's own: the service asked for nothing, holds nothing for it, and nothing of a cycle is left
/// to look at. The watch still ends in Failed with its reason (visible, as every wait's end), but an
/// update announced starts its cycle at once, as from Up to date: a new cycle id, the lease asked for,
/// the install asked for under it. A failed cycle the service started still waits for a person.
@Suite("An update announced after a watched install ended Failed starts its cycle (PROTOCOL §1, §4)")
struct WatchedInstallFailedTests {
    private static let settings = Orchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 2))

    /// A server whose own install reported failed twice (before its status changed): the watch ended Failed.
    private static func watchFailed() -> Orchestrator {
        var machine = Orchestrator(settings: settings, server: .ready)
        machine.drive([
            change(.ready, .updating, .updateStarted), .updateFailed(cycleID: nil, reason: "apt"),
            .updateFailed(cycleID: nil, reason: "apt again"), change(.updating, .ready, .updateFinished, updateFailed: true),
        ])
        #expect(machine.updateState == .failed && machine.failure?.step == .update && machine.lease == .none)
        return machine
    }

    @Test("announced after the watch failed: the cycle starts at once, under the lease")
    func announcedAfter() {
        var machine = Self.watchFailed()
        let outputs = machine.accept(.updateAvailable, at: t0 + .minutes(5)) ?? []
        #expect(machine.updateState == .updatePending && machine.failure == nil, "\(machine.updateState.label)")
        #expect(outputs.contains(.requestLease(requestID: "update-1-lease")), "\(outputs)")
        let install = machine.accept(.leaseGranted(requestID: "update-1-lease"), at: t0 + .minutes(6)) ?? []
        #expect(install == [.triggerUpdate(requestID: "update-1-update-1", cycleID: "update-1")])
    }

    @Test("announced during the watch (kept): the cycle starts once the watch failed")
    func announcedDuring() {
        var machine = Orchestrator(settings: Self.settings, server: .ready)
        machine.drive([change(.ready, .updating, .updateStarted), .updateAvailable, .updateFailed(cycleID: nil, reason: "apt")])
        #expect(machine.nextUpdateAnnounced && machine.updateState == .updating)
        let outputs = machine.accept(.updateFailed(cycleID: nil, reason: "apt again"), at: t0 + .minutes(1)) ?? []
        // The watch's end is visible, with its reason; then the announced update's cycle starts.
        #expect(outputs.contains(.updateStateChanged(from: .updating, to: .failed, reason: "update failed: apt again (attempt 2 of 2)")), "\(outputs)")
        #expect(machine.updateState == .updating && machine.failure == nil && !machine.nextUpdateAnnounced, "\(machine.updateState.label)")
        #expect(outputs.contains(.requestLease(requestID: "update-1-lease")), "\(outputs)")
        machine.drive([change(.updating, .ready, .updateFinished, updateFailed: true)], at: t0 + .minutes(2))
        let install = machine.accept(.leaseGranted(requestID: "update-1-lease"), at: t0 + .minutes(3)) ?? []
        #expect(install == [.triggerUpdate(requestID: "update-1-update-1", cycleID: "update-1")])
    }

    @Test("the watch timed out while the server still reports its install: the cycle asks for the lease, then the install")
    func installMayRun() {
        var machine = Orchestrator(settings: Self.settings, server: .ready)
        machine.drive([change(.ready, .updating, .updateStarted)])
        machine.drive([.tick], at: t0 + .minutes(60))
        machine.drive([.tick], at: t0 + .minutes(120))
        #expect(machine.updateState == .failed && machine.failure?.installMayRun == true && machine.lease == .none)
        let outputs = machine.accept(.updateAvailable, at: t0 + .minutes(121)) ?? []
        #expect(machine.updateState == .updating && outputs.contains(.requestLease(requestID: "update-1-lease")), "\(outputs)")
        let install = machine.accept(.leaseGranted(requestID: "update-1-lease"), at: t0 + .minutes(122)) ?? []
        #expect(install == [.triggerUpdate(requestID: "update-1-update-1", cycleID: "update-1")])
    }

    @Test("a failed cycle the service started still waits for a person: the update is kept for after the retry")
    func cycleFailureStillWaits() {
        var machine = Orchestrator(settings: Self.settings, server: .ready)
        machine.drive(installSteps.map(\.input))
        machine.drive([
            .updateFailed(cycleID: "update-1", reason: "apt", requestID: "update-1-update-1"),
            .updateFailed(cycleID: "update-1", reason: "apt", requestID: "update-1-update-2"),
        ])
        #expect(machine.updateState == .failed)
        let outputs = machine.accept(.updateAvailable, at: t0 + .minutes(5)) ?? []
        #expect(machine.updateState == .failed && machine.nextUpdateAnnounced && outputs.isEmpty, "\(outputs)")
    }
}
