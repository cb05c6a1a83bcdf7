import Testing

@testable import Lifecycle

/// Command ids belong to each requester (scheduler `maintenance-power-N`, orchestrator
/// `update-N-reboot`, operators any id), so the BMC requests that carry a command out name its
/// requester too (`PowerRequest.bmcRequestID`): two requesters that pick the same id never share a
/// BMC request, and a BMC answer to one's command never completes the other's (PROTOCOL §2: "no two
/// BMC requests are the same"). An id names one command of its requester: another operation under
/// it is a duplicate (ReusedCommandIDOtherOperationTests).
@Suite("BMC requests name the command's requester; an id names one command (PROTOCOL §1, §2)")
struct BMCRequestPerRequesterTests {
    @Test("an operator's command with the scheduler's id gets BMC requests of its own; the scheduler's late BMC answer does not complete it")
    func operatorPicksSchedulerID() {
        var machine = PowerController()
        machine.drive([.registered(), .configurationDone, .powerObserved(.on)])
        let scheduler = PowerRequest(.powerOff, by: .scheduler, id: "maintenance-power-1")
        #expect(machine.drive([.command(scheduler)]) == [.bmc(BMCRequest(action: .gracefulOff, requestID: "scheduler/maintenance-power-1", sequence: 1))])
        machine.drive([.bmcSucceeded(requestID: "scheduler/maintenance-power-1", sequence: 1)])
        #expect(machine.observedPower == .off)

        let operatorCommand = PowerRequest(.powerOn, by: .operatorRequest, id: "maintenance-power-1")
        #expect(machine.drive([.command(operatorCommand)]) == [.bmc(BMCRequest(action: .powerOn, requestID: "operator/maintenance-power-1", sequence: 1))])
        guard case .stale = machine.reject(.bmcSucceeded(requestID: "scheduler/maintenance-power-1", sequence: 1)) else {
            Issue.record("the scheduler's BMC answer completed the operator's command")
            return
        }
        let outputs = machine.accept(.bmcSucceeded(requestID: "operator/maintenance-power-1", sequence: 1))
        #expect(outputs?.contains(.operationCompleted(operatorCommand)) == true)
    }

    @Test("the orchestrator's BMC requests name it")
    func orchestratorRequestID() {
        #expect(PowerRequest(.reboot, by: .updateOrchestrator, id: "update-3-reboot").bmcRequestID == "update/update-3-reboot")
    }

    @Test("another operation under the id of a command that failed is a duplicate, and so is the failed command itself: an id runs once")
    func otherOperationAfterFailure() {
        var machine = PowerController(settings: PowerController.Settings(powerOn: RetryPolicy(timeout: .minutes(2), attempts: 1)))
        machine.drive([.registered(), .configurationDone, .powerObserved(.off)])
        let on = PowerRequest(.powerOn, by: .operatorRequest, id: "op-7")
        machine.drive([.command(on), .bmcFailed(requestID: "operator/op-7", sequence: 1, reason: "no")])
        #expect(machine.finished == [PowerController.Finished(request: on, completed: false, sequence: 1)])
        #expect(machine.reject(.command(PowerRequest(.reboot, by: .operatorRequest, id: "op-7"))) == .duplicate("power request op-7 (already failed)"))
        // Run again after its failure, a command needs an id of its own (RetriedRebootLateFailureTests).
        #expect(machine.reject(.command(on)) == .duplicate("power request op-7 (already failed)"))
        let again = PowerRequest(.powerOn, by: .operatorRequest, id: "op-8")
        #expect(machine.accept(.command(again)) == [.bmc(BMCRequest(action: .powerOn, requestID: "operator/op-8", sequence: 1))])
    }

    @Test("an operation restored from before BMC request ids named the requester still takes answers naming the command's id")
    func operationOfOlderBuild() {
        var machine = PowerController()
        machine.drive([.registered(), .configurationDone, .powerObserved(.off)])
        let on = PowerRequest(.powerOn, by: .scheduler, id: "maintenance-power-4")
        machine.drive([.command(on)])
        guard var operation = machine.operation else {
            Issue.record("no operation")
            return
        }
        operation.bmcRequestID = on.id
        var restored = PowerController(
            condition: machine.condition, desiredPower: machine.desiredPower, observedPower: machine.observedPower, operation: operation,
            signOfLifeDeadline: nil, updateCycle: nil, finished: [], statusSequence: machine.statusSequence)
        #expect(restored.accept(.bmcSucceeded(requestID: "maintenance-power-4", sequence: 1))?.contains(.operationCompleted(on)) == true)
    }
}
