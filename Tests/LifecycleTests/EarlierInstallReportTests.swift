import Testing

@testable import Lifecycle

/// The power controller keeps the newest install whose start it took (cycle `update-N`, install
/// request `update-N-update-K`): a copy of an earlier install's start, or of this install's start once
/// it ended, is stale, so the status view (and the orchestrator following it) does not go back to
/// updating while the next cycle waits for its install (PROTOCOL §2; the process test is
/// LateUpdateStartOfEarlierCycleTests). A later attempt, or a later cycle, still supersedes the
/// install that runs (LaterInstallAttemptStartTests).
@Suite("Reports of an install earlier than the newest started are stale at the power controller (PROTOCOL §2)")
struct EarlierInstallReportTests {
    /// The power controller's status changes among `outputs`, as the orchestrator consumes them.
    private static func statusChanges(_ outputs: [PowerController.Output]) -> [Orchestrator.Input] {
        outputs.compactMap { if case let .statusChanged(change) = $0 { .serverStatus(change) } else { nil } }
    }

    @Test("a copy of update-1's start while update-2 waits for its install is stale; update-2's reports end its install")
    func copyOfFinishedCycleStart() {
        var power = PowerController()
        power.drive([
            .registered(), .configurationDone, .updateStarted(cycleID: "update-1", requestID: "update-1-update-1"),
            .updateFinished(requiresReboot: false, cycleID: "update-1", requestID: "update-1-update-1"),
        ])
        #expect(power.newestUpdateCycle == "update-1" && power.newestUpdateRequest == "update-1-update-1")
        guard case .stale = power.reject(.updateStarted(cycleID: "update-1", requestID: "update-1-update-1")) else {
            Issue.record("the copy of the finished install's start was not stale")
            return
        }
        // Its late failure (or completion) is stale too: nothing of update-1 runs.
        guard case .stale = power.reject(.updateFailed(cycleID: "update-1", requestID: "update-1-update-1")) else {
            Issue.record("the late failure of the finished install was not stale")
            return
        }
        _ = power.accept(.updateStarted(cycleID: "update-2", requestID: "update-2-update-1"))
        #expect(power.condition == .updating && power.newestUpdateRequest == "update-2-update-1")
        guard case .stale = power.reject(.updateStarted(cycleID: "update-1", requestID: "update-1-update-1")) else {
            Issue.record("the copy of update-1's start superseded update-2's install")
            return
        }
        _ = power.accept(.updateFinished(requiresReboot: false, cycleID: "update-2", requestID: "update-2-update-1"))
        #expect(power.condition == .ready)
    }

    @Test("the orchestrator waiting for update-2's install is not moved by the copy, and ends the cycle with update-2's reports")
    func orchestratorKeepsWaiting() {
        var power = PowerController()
        power.drive([.registered(), .configurationDone])
        var machine = Orchestrator(server: .ready)
        machine.drive(Array(installSteps.prefix(2)).map(\.input))
        for (cycle, request) in [("update-1", "update-1-update-1")] {
            machine.drive(Self.statusChanges(power.drive([
                .updateStarted(cycleID: cycle, requestID: request),
                .updateFinished(requiresReboot: false, cycleID: cycle, requestID: request),
            ])))
        }
        #expect(machine.updateState == .upToDate)
        machine.drive([.updateAvailable, .leaseGranted(requestID: "update-2-lease")])
        #expect(machine.updateState == .updatePending && machine.installRequestID == "update-2-update-1")
        _ = power.reject(.updateStarted(cycleID: "update-1", requestID: "update-1-update-1"))
        #expect(machine.updateState == .updatePending && power.condition == .ready)
        machine.drive(Self.statusChanges(power.drive([
            .updateStarted(cycleID: "update-2", requestID: "update-2-update-1"),
            .updateFinished(requiresReboot: false, cycleID: "update-2", requestID: "update-2-update-1"),
        ])))
        #expect(machine.updateState == .upToDate && machine.lease == .none)
    }

    @Test("a copy of attempt 1's start after attempt 2 started (attempt 1 ended by its failure, not superseded) is stale")
    func copyOfEarlierAttemptStart() {
        var power = PowerController()
        power.drive([
            .registered(), .configurationDone, .updateStarted(cycleID: "update-1", requestID: "update-1-update-1"),
            .updateFailed(cycleID: "update-1", requestID: "update-1-update-1"),
            .updateStarted(cycleID: "update-1", requestID: "update-1-update-2"),
        ])
        guard case .stale = power.reject(.updateStarted(cycleID: "update-1", requestID: "update-1-update-1")) else {
            Issue.record("the copy of attempt 1's start superseded attempt 2")
            return
        }
        #expect(power.install?.request == "update-1-update-2")
    }

    @Test("an updater that echoes only cycleId: its next attempt of the cycle starts; a start of an earlier cycle is stale")
    func cycleOnlyReports() {
        var power = PowerController()
        power.drive([
            .registered(), .configurationDone, .updateStarted(cycleID: "update-1"), .updateFailed(cycleID: "update-1"),
        ])
        // Attempt 2 of update-1 names the cycle only: nothing says it is a copy.
        _ = power.accept(.updateStarted(cycleID: "update-1"))
        power.drive([.updateFinished(requiresReboot: false, cycleID: "update-1"), .updateStarted(cycleID: "update-2")])
        guard case .stale = power.reject(.updateStarted(cycleID: "update-1")) else {
            Issue.record("a start of cycle update-1 superseded update-2's install")
            return
        }
        #expect(power.newestUpdateCycle == "update-2" && power.newestUpdateRequest == nil)
    }

    @Test("while an install nobody asked for runs (no cycle), a late report of an earlier cycle is stale")
    func earlierCycleWhileUncycledRuns() {
        var power = PowerController()
        power.drive([
            .registered(), .configurationDone, .updateStarted(cycleID: "update-3", requestID: "update-3-update-1"),
            .updateFinished(requiresReboot: false, cycleID: "update-3", requestID: "update-3-update-1"),
            .updateStarted(cycleID: nil),
        ])
        guard case .stale = power.reject(.updateFailed(cycleID: "update-2", requestID: "update-2-update-1")) else {
            Issue.record("a late failure of cycle update-2 ended the install that runs")
            return
        }
        _ = power.accept(.updateFinished(requiresReboot: false, cycleID: nil))
    }
}
