import Testing

@testable import Lifecycle

/// The server loses power while its update reboot is carried out (or the BMC's reboot shows as a
/// power cycle): the power controller sees `Ready → Offline (shut down)` from the power observation,
/// then the server's agent registers itself (`Offline (shut down) → Ready`), and it completes the
/// reboot command (`power.command.completed` for `update-1-reboot`). The server has been off and has
/// booted: the update took effect. The orchestrator counts a reboot only as `rebooting → online`
/// (`view`: `.online where change.from == .rebooting`), so `requiresReboot` stays true, the update
/// state stays Reboot pending, and at the reboot step's timeout it sends `update-1-reboot` again. The
/// power controller rejects it, "duplicate: power request update-1-reboot (already completed)" (a
/// `transition.rejected` the orchestrator does not consume): the step's retries all go the same way,
/// the cycle fails and, with `powerRequestID` never answered, keeps the lease for good (no maintenance
/// starts until a person retries). Hostile simulation `serversGoAway` seeds 2070, 2089, 2178.
///
/// What should happen (seed: "self register or polling" after the reboot ends the cycle; PROTOCOL §4:
/// "No wait depends on a report that a known event has made impossible": the command is completed and
/// the server came back): the cycle takes the completed reboot (or the server's return from offline)
/// as the reboot, ends Up to date and gives the lease back; and a reboot it does send again is one the
/// power controller will carry out, not a duplicate of one it completed.
@Suite("An update reboot that shows as a power cycle (shut down → online) ends the cycle (seed, PROTOCOL §4)")
struct RebootThroughPowerLossTests {
    @Test("the reboot command completes via shut down → online: the cycle ends Up to date and the lease goes back")
    func rebootSeenAsPowerCycle() {
        var orchestrator = Orchestrator(settings: Orchestrator.Settings(reboot: RetryPolicy(timeout: .minutes(30), attempts: 2)), server: .ready)
        orchestrator.drive(installSteps.map(\.input))
        let asked = orchestrator.accept(.serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: true,
                                                                   cycleID: "update-1", requestID: "update-1-update-1")), at: t0) ?? []
        #expect(asked.contains(.power(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot"))))
        // The power controller: the server is seen off, then back; the reboot command completes.
        var outputs = orchestrator.drive([change(.ready, .shutDown, .shutdown)], at: t0 + .minutes(1))
        outputs += orchestrator.drive([change(.shutDown, .ready, .online)], at: t0 + .minutes(3))
        outputs += orchestrator.drive([.powerCompleted(requestID: "update-1-reboot")], at: t0 + .minutes(3))
        // The bug: still Reboot pending; at the step's timeout update-1-reboot is sent again (a duplicate at the power controller).
        outputs += orchestrator.accept(.tick, at: t0 + .minutes(30)) ?? []
        #expect(orchestrator.updateState == .upToDate, "state \(orchestrator.updateState.label), outputs \(outputs)")
        #expect(orchestrator.lease == .none)
        #expect(!outputs.contains(.power(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot"))),
                "the completed reboot's id is sent again: the power controller answers duplicate and never carries it out")
    }

    @Test("a completion arriving after the view counted the reboot and an install of the server's own needed one again is only its answer")
    func lateCompletionDoesNotEndTheNextRound() {
        var orchestrator = Orchestrator(server: .ready)
        orchestrator.drive(installSteps.map(\.input))
        orchestrator.drive([.serverStatus(StatusChange(from: .updating, to: .ready, trigger: .updateFinished, requiresReboot: true,
                                                       cycleID: "update-1", requestID: "update-1-update-1"))], at: t0)
        #expect(orchestrator.powerRequestID == "update-1-reboot")
        // The view sees the reboot (counted); the command's completion lags on its own topic.
        orchestrator.drive([change(.ready, .rebooting, .reboot), change(.rebooting, .ready, .online)], at: t0 + .minutes(2))
        // The server installs an update of its own that needs a reboot again: a new round.
        orchestrator.drive([change(.ready, .updating, .updateStarted), change(.updating, .ready, .updateFinished, requiresReboot: true)],
                           at: t0 + .minutes(5))
        #expect(orchestrator.requiresReboot && orchestrator.rebootRounds == 2)
        let outputs = orchestrator.drive([.powerCompleted(requestID: "update-1-reboot")], at: t0 + .minutes(6))
        #expect(orchestrator.requiresReboot, "the late completion of round 1's command was taken as round 2's reboot")
        #expect(orchestrator.updateState == .rebootPending && orchestrator.powerRequestID == nil, "\(outputs)")
    }
}
