import Testing

@testable import Lifecycle

/// Hostile seed 6175 (session 37's "status left Ready (updating)" class): the BMC reported the server off while
/// a power on was in flight, and the power controller, which followed an observed off only with no operation
/// running, kept the status Ready (updating) of the server's own install. The power on completed, the server
/// booted without the install, and the status view stayed updating: the orchestrator's waits for the server
/// (Ready, not updating) ran out one after the other and every retry of the cycle failed.
///
/// The rule now: an observed off is a shutdown whatever operation runs, except a reboot, whose off is its own
/// and whose answer moves the status.
@Suite("The BMC's observed off is a shutdown during any operation but a reboot")
struct PowerObservedOffDuringOperationTests {
    private static let powerOn = PowerRequest(.powerOn, by: .scheduler, id: "maintenance-power-15")

    @Test("seed 6175: a server shown updating, observed off during a power on: shut down (the install ended), then Ready once back")
    func offDuringPowerOn() throws {
        var power = PowerController()
        power.drive([.registered(), .configurationDone, .updateStarted(cycleID: nil), .command(Self.powerOn)])
        #expect(power.condition == .updating && power.phase == .poweringOn)
        let outputs = power.accept(.powerObserved(.off))
        #expect(outputs?.unnumbered == [
            .observedPowerChanged(.off, sequence: 0), .statusChanged(StatusChange(from: .updating, to: .shutDown, trigger: .shutdown)),
        ])
        #expect(power.install?.cycle == nil && power.install?.request == nil)
        let completed = power.accept(.bmcSucceeded(requestID: "scheduler/maintenance-power-15", sequence: 1))
        #expect(completed?.unnumbered == [.observedPowerChanged(.on, sequence: 0), .operationCompleted(Self.powerOn)])
        #expect(power.accept(.signOfLife())?.unnumbered == [.statusChanged(StatusChange(from: .shutDown, to: .ready, trigger: .online))])
        #expect(power.condition == .ready)
    }

    @Test("during a power off, the observed off before the BMC's answer shuts the status down; the answer then only completes")
    func offDuringPowerOff() {
        let off = PowerRequest(.powerOff, by: .scheduler, id: "maintenance-power-1")
        var power = PowerController()
        power.drive([.registered(), .configurationDone, .powerObserved(.on), .command(off)])
        #expect(power.accept(.powerObserved(.off))?.unnumbered == [
            .observedPowerChanged(.off, sequence: 0), .statusChanged(StatusChange(from: .ready, to: .shutDown, trigger: .shutdown)),
        ])
        #expect(power.accept(.bmcSucceeded(requestID: "scheduler/maintenance-power-1", sequence: 1))?.unnumbered == [.operationCompleted(off)])
    }

    @Test("during a reboot, the observed off is the reboot's: the status waits for the reboot's answer")
    func offDuringReboot() {
        let reboot = PowerRequest(.reboot, by: .updateOrchestrator, id: "update-1-reboot")
        var power = PowerController()
        power.drive([.registered(), .configurationDone, .powerObserved(.on), .command(reboot)])
        #expect(power.accept(.powerObserved(.off))?.unnumbered == [.observedPowerChanged(.off, sequence: 0)])
        #expect(power.condition == .ready)
        #expect(power.accept(.bmcSucceeded(requestID: "update/update-1-reboot", sequence: 1))?.unnumbered == [
            .statusChanged(StatusChange(from: .ready, to: .rebooting, trigger: .reboot)),
        ])
    }
}
