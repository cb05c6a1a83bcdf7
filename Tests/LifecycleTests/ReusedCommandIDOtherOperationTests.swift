import Testing

@testable import Lifecycle

/// An operator's power command that repeats the id of one the power controller already carried
/// out, with another operation (`power.reboot.requested` `op-1`, then `power.off.requested` `op-1`).
///
/// docs/PROTOCOL.md §1: "The power controller runs a command id once: it keeps the last command
/// each requester ... had finished, and a command that repeats the id of one it carried out is a
/// `duplicate`". §2 (`bmc.power.requested`): the BMC answer echoes "`requestId` and `sequence` (the
/// attempt; a command retried after it failed continues its sequence, so no two BMC requests are
/// the same)".
///
/// What happens (seen on the wire by an independent client): the power off is run, and its BMC
/// request is `{"action":"graceful-off","requestId":"op-1","sequence":1}` — the same requestId and
/// sequence as the reboot's `{"action":"reboot","requestId":"op-1","sequence":1}` that was already
/// answered. `PowerController.command` looks the id up in `finished` by the whole `PowerRequest`
/// (kind included), so another kind with the same id starts afresh at sequence 1. A BMC adapter's
/// late or repeated `bmc.power.completed {"requestId":"op-1","sequence":1}` of the reboot then
/// completes the power off, which the BMC never carried out.
@Suite("A command id the power controller carried out is not run again under another operation (PROTOCOL §1, §2)")
struct ReusedCommandIDOtherOperationTests {
    @Test("power off op-1 after reboot op-1 completed is a duplicate, or at least asks the BMC with a request of its own")
    func otherOperationSameID() {
        var machine = PowerController()
        machine.drive([.registered(), .configurationDone])
        let reboot = PowerRequest(.reboot, by: .operatorRequest, id: "op-1")
        #expect(machine.drive([.command(reboot)]) == [.bmc(BMCRequest(action: .reboot, requestID: "operator/op-1", sequence: 1))])
        machine.drive([.bmcSucceeded(requestID: "operator/op-1", sequence: 1), .signOfLife()])
        #expect(machine.finished == [PowerController.Finished(request: reboot, completed: true, sequence: 1)])

        let off = PowerRequest(.powerOff, by: .operatorRequest, id: "op-1")
        switch machine.handle(.command(off), at: t0) {
        case .failure(let rejection):
            #expect(rejection == .duplicate("power request op-1 (already completed)"))
        case .success(let outputs):
            // Taken: then its BMC request must not be the reboot's request again.
            #expect(
                !outputs.contains(.bmc(BMCRequest(action: .gracefulOff, requestID: "operator/op-1", sequence: 1))),
                "the power off repeats the completed reboot's BMC request op-1#1: \(outputs)")
            // And the reboot's late BMC answer (op-1#1) must not complete the power off.
            _ = machine.reject(.bmcSucceeded(requestID: "operator/op-1", sequence: 1))
        }
    }
}
