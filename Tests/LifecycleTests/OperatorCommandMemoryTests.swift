import Testing

@testable import Lifecycle

/// The power controller kept one finished command per requester. Operators are many people and tools under one
/// requester, so an operator's retry of a reboot (same id, its answer having been slow) that came after another
/// operator's command finished was taken as a new command and rebooted the server a second time. The controller now
/// keeps the last `operatorMemory` (8) operator commands besides each role's last (PROTOCOL §1).
@Suite("Operators' finished commands: the last eight are remembered, so a late retry of one is a duplicate")
struct OperatorCommandMemoryTests {
    private static func controller() -> PowerController {
        var power = PowerController()
        power.drive([.registered(), .configurationDone, .powerObserved(.on)])
        return power
    }

    /// Runs an operator's power on to completion.
    private static func powerOn(_ id: String, _ power: inout PowerController) {
        power.drive([.command(PowerRequest(.powerOn, by: .operatorRequest, id: id)), .bmcSucceeded(requestID: "operator/\(id)", sequence: 1)])
    }

    @Test("a retry of an operator's reboot after another operator's command finished is a duplicate; the scheduler's last is kept beside them")
    func retryAfterAnotherOperator() {
        var power = Self.controller()
        let reboot = PowerRequest(.reboot, by: .operatorRequest, id: "alice-1")
        power.drive([.command(reboot), .bmcSucceeded(requestID: "operator/alice-1", sequence: 1), .signOfLife()])
        Self.powerOn("bob-1", &power)
        let off = PowerRequest(.powerOff, by: .scheduler, id: "maintenance-power-1")
        power.drive([.command(off), .bmcSucceeded(requestID: "scheduler/maintenance-power-1", sequence: 1)])
        #expect(power.reject(.command(reboot)) == .duplicate("power request alice-1 (already completed)"))
        #expect(power.reject(.command(PowerRequest(.powerOn, by: .operatorRequest, id: "bob-1"))) == .duplicate("power request bob-1 (already completed)"))
        #expect(power.reject(.command(off)) == .duplicate("power request maintenance-power-1 (already completed)"))
        #expect(power.finished.count == 3)
    }

    @Test("the memory is bounded: the ninth operator command forgets the first; each role keeps its one")
    func bounded() {
        var power = Self.controller()
        for n in 1...9 { Self.powerOn("op-\(n)", &power) }
        #expect(power.finished.map(\.request.id) == (2...9).map { "op-\($0)" })
        #expect(power.accept(.command(PowerRequest(.powerOn, by: .operatorRequest, id: "op-1"))) != nil, "older than the last eight: runs again")
        let update = PowerRequest(.powerOn, by: .updateOrchestrator, id: "update-1-power")
        power.drive([.bmcSucceeded(requestID: "operator/op-1", sequence: 1), .command(update), .bmcSucceeded(requestID: "update/update-1-power", sequence: 1)])
        #expect(power.finished.filter { $0.request.requester == .operatorRequest }.count == 8)
        #expect(power.finished.filter { $0.request.requester == .updateOrchestrator }.map(\.request.id) == ["update-1-power"])
    }
}
