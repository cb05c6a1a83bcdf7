import FleetStatus
import Lifecycle
import Testing

/// A power command whose last BMC request timed out unanswered waits for the BMC's answer, with no deadline
/// (PROTOCOL §4): the view names the request and sequence whose answer ends it, says why it is stuck, and does
/// not call it a timeout that is not being decided.
@Suite("Status views: a command awaiting the BMC's late answer names what ends it")
struct LateBMCAnswerTextTests {
    static let start = Instant(millisecondsSinceEpoch: 1_800_000_000_000)

    @Test("the wait and the stuck reason name the BMC request and sequence; no 'past its deadline'")
    func awaitingLateAnswer() throws {
        let settings = PowerController.Settings(reboot: RetryPolicy(timeout: .minutes(10), attempts: 1))
        var power = PowerController(settings: settings)
        for input: PowerController.Input in [.registered(), .configurationDone, .command(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-3-reboot"))] {
            _ = try power.handle(input, at: Self.start).get()
        }
        _ = try power.handle(.tick, at: Self.start + .minutes(10)).get()
        #expect(power.phase == .awaitingLateAnswer)

        let view = ServerStatusView(ServerParts(id: "server-1", power: power), settings: StatusSettings(), now: Self.start + .hours(5))
        let wait = try #require(view.waits.first { $0.role == .power })
        #expect(wait.step == "awaitingLateAnswer")
        #expect(wait.waitsFor == "the BMC's answer (bmc.power.completed with requestId update/update-3-reboot, sequence 1) to the last attempt, "
            + "which timed out with the budget used — reboot asked by updateOrchestrator, request update-3-reboot")
        #expect(view.stuckReasons == [
            "power keeps reboot update/update-3-reboot unanswered until the BMC answers its sequence 1 (timed out with the budget used, it may still be carried out)"
        ])
        #expect(view.isWaiting(for: "awaitingLateAnswer") && view.isWaiting(for: "power"))
    }
}
