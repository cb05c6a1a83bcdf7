import Testing

@testable import Lifecycle

@Suite("A retried command that was carried out is a duplicate (PROTOCOL §1 and §4)")
struct RetriedCommandAfterAnotherTests {
    @Test("a timed-out reboot asked again after an operator's command completed does not reboot the server a second time")
    func rebootNotRepeated() {
        var machine = PowerController()
        machine.drive([.registered(), .configurationDone])
        let reboot = PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot")
        machine.drive([.command(reboot), .bmcSucceeded(requestID: "update/update-1-reboot", sequence: 1), .signOfLife()])
        #expect(machine.finished == [PowerController.Finished(request: reboot, completed: true, sequence: 1)])
        // An operator's power-on of the running server: sent to the BMC (whatever the power looks like), and completed.
        let powerOn = PowerRequest(.powerOn, by: .operatorRequest, id: "op-1")
        #expect(machine.accept(.command(powerOn)) == [.bmc(BMCRequest(action: .powerOn, requestID: "operator/op-1", sequence: 1))])
        #expect(machine.accept(.bmcSucceeded(requestID: "operator/op-1", sequence: 1)) == [.operationCompleted(powerOn)])
        // The orchestrator timed out while the reboot's answer was on its way, and asks again
        // with the same id: "once it completed the retry is a duplicate too, so the server is
        // not rebooted twice" (PROTOCOL §4).
        #expect(machine.reject(.command(reboot)) == .duplicate("power request update-1-reboot (already completed)"))
    }
}
