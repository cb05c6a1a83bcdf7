import Testing

@testable import Lifecycle

/// A reviewer's finding: a server back up after its update's reboot is Up to date, but the
/// reboot command may still be unanswered (the BMC's answer on its way); the cycle keeps its
/// grants until it is answered. An update announced in that window started the next install at
/// once, under the grants still held, while the reboot command could still act on the server
/// (invariant 1: nothing disruptive while an install may run). It waits for the answer, as an
/// announcement during the rest of a cycle does (`nextUpdateAnnounced`).
@Suite("An update announced while the last reboot command is unanswered waits for its answer")
struct UpdateAnnouncedDuringRebootAnswerTests {
    @Test("Up to date with the reboot command unanswered: the announcement starts no install until the command is answered")
    func announcedBeforeTheRebootAnswer() {
        var machine = Orchestrator(server: .ready)
        machine.drive(installSteps.map(\.input))
        machine.drive([change(.updating, .ready, .updateFinished, requiresReboot: true, cycle: "update-1")])
        machine.drive([change(.ready, .rebooting, .reboot), change(.rebooting, .ready, .online)], at: t0 + .minutes(2))
        #expect(machine.updateState == .upToDate && machine.powerRequestID == "update-1-reboot")
        let announced = (try? machine.handle(.updateAvailable, at: t0 + .minutes(3)).get()) ?? []
        #expect(!announced.contains { if case .triggerUpdate = $0 { true } else { false } }, "\(announced)")
        #expect(machine.nextUpdateAnnounced)
        // Once the command is answered, the grants go back and the next cycle asks for the lease anew.
        let answered = (try? machine.handle(.powerCompleted(requestID: "update-1-reboot"), at: t0 + .minutes(4)).get()) ?? []
        #expect(answered.contains(.releaseLease(requestID: "update-1-lease")), "\(answered)")
        #expect(answered.contains(.requestLease(requestID: "update-2-lease")), "\(answered)")
        #expect(!answered.contains { if case .triggerUpdate = $0 { true } else { false } })
    }
}
