import Testing

@testable import Lifecycle

/// A restarted OS updater drops install attempt 1 (whose start the power controller saw) and
/// starts attempt 2, the one the orchestrator asked for last. The updater runs one install at a
/// time, so the start of attempt 2 says attempt 1 is no longer running: the power controller's
/// status view must follow it, or attempt 2's start and finish are rejected there, the orchestrator
/// never hears of them, and the cycle times out keeping the lease (PROTOCOL §2, §4).
@Suite("A later install attempt's start supersedes the earlier attempt's at the power controller (PROTOCOL §2)")
struct LaterInstallAttemptStartTests {
    private static let settings = Orchestrator.Settings(update: RetryPolicy(timeout: .minutes(60), attempts: 2))

    /// The power controller's status changes among `outputs`, as the orchestrator consumes them.
    private static func statusChanges(_ outputs: [PowerController.Output]) -> [Orchestrator.Input] {
        outputs.compactMap { if case let .statusChanged(change) = $0 { .serverStatus(change) } else { nil } }
    }

    @Test("attempt 2's start and finish are taken while attempt 1 shows running; the cycle ends Up to date and gives its lease back")
    func laterAttemptSupersedes() {
        var power = PowerController()
        power.drive([.registered(), .configurationDone])
        var machine = Orchestrator(settings: Self.settings, server: .ready)
        machine.drive(Array(installSteps.prefix(2)).map(\.input))
        machine.drive(Self.statusChanges(power.drive([.updateStarted(cycleID: "update-1", requestID: "update-1-update-1")])))
        #expect(machine.updateState == .updating)
        #expect(machine.accept(.tick, at: t0 + .minutes(60)) == [.triggerUpdate(requestID: "update-1-update-2", cycleID: "update-1")])

        // The restarted updater starts attempt 2.
        guard let started = power.accept(.updateStarted(cycleID: "update-1", requestID: "update-1-update-2"), at: t0 + .minutes(61)) else { return }
        #expect(power.condition == .updating && power.install?.request == "update-1-update-2")
        machine.drive(Self.statusChanges(started), at: t0 + .minutes(61))
        guard let finished = power.accept(.updateFinished(requiresReboot: false, cycleID: "update-1", requestID: "update-1-update-2"),
                                          at: t0 + .minutes(70)) else { return }
        let outputs = machine.drive(Self.statusChanges(finished), at: t0 + .minutes(70))
        #expect(machine.updateState == .upToDate && machine.lease == .none)
        #expect(outputs.contains(.releaseLease(requestID: "update-1-lease")), "\(outputs)")
    }

    @Test("a start naming the install that runs is a duplicate; a copy of a superseded attempt's start after the later one is stale")
    func sameAndEarlierStart() {
        var power = PowerController()
        power.drive([.registered(), .configurationDone, .updateStarted(cycleID: "update-1", requestID: "update-1-update-1")])
        guard case .duplicate = power.reject(.updateStarted(cycleID: "update-1", requestID: "update-1-update-1")) else {
            Issue.record("a repeated start was not a duplicate")
            return
        }
        power.drive([.updateStarted(cycleID: "update-1", requestID: "update-1-update-2")])
        guard case .stale = power.reject(.updateStarted(cycleID: "update-1", requestID: "update-1-update-1")) else {
            Issue.record("the superseded attempt's start took the view back")
            return
        }
        #expect(power.install?.request == "update-1-update-2")
    }

    @Test("after an operator retry, the new cycle's install starts while the failed cycle's install shows running")
    func retriedCycleSupersedes() {
        var power = PowerController()
        power.drive([.registered(), .configurationDone, .updateStarted(cycleID: "update-1", requestID: "update-1-update-2")])
        guard let outputs = power.accept(.updateStarted(cycleID: "update-2", requestID: "update-2-update-1")) else { return }
        #expect(power.install?.cycle == "update-2" && power.install?.request == "update-2-update-1")
        // The view says what happened: the superseded install ended without being applied, the new one started.
        let changes = outputs.compactMap { if case let .statusChanged(change) = $0 { change } else { nil } }
        #expect(changes.map(\.trigger) == [.updateFinished, .updateStarted])
        #expect(changes.first?.updateFailed == true && changes.first?.requestID == "update-1-update-2")
    }
}
