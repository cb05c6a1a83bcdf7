import Testing

@testable import Lifecycle

/// A maintenance id (namespace and name) names one maintenance: the scheduler keeps the last
/// `finishedLimit` maintenances a server finished, so a copy of a `maintenance.requested` arriving
/// after its maintenance completed (a producer's retry, an operator's outbox replayed after a
/// restart) is a `duplicate` and does not power the server off and on again
/// (RepeatedMaintenanceRequestTests is the process test).
@Suite("A request for a maintenance the server finished is a duplicate (bounded memory)")
struct FinishedMaintenanceTests {
    /// An enforced maintenance that keeps the server on, with no boot configuration: it runs at once.
    private static func request(_ name: String) -> MaintenanceRequest { maintenance(name, policy: .enforced, power: .on) }

    /// A scheduler of a server that is on and ran maintenance `name` to its end.
    private static func finished(_ names: [String]) -> Scheduler {
        var scheduler = Scheduler(power: .on)
        for name in names {
            scheduler.drive([.maintenanceRequested(request(name)), .maintenanceCompleted(id(name))])
            if let power = scheduler.powerRequestID { scheduler.drive([.powerCompleted(requestID: power)]) }
        }
        return scheduler
    }

    @Test("a copy of a completed maintenance's request is a duplicate and changes nothing")
    func copyAfterCompletion() {
        var scheduler = Self.finished(["bios"])
        #expect(scheduler.queue.isEmpty && scheduler.operational == .available && scheduler.phase == .idle)
        #expect(scheduler.reject(.maintenanceRequested(Self.request("bios"))) == .duplicate("maintenance ops/bios (already finished)"))
        // Another maintenance is taken.
        #expect(scheduler.accept(.maintenanceRequested(Self.request("nic"))) != nil)
    }

    @Test("a copy of a request whose maintenance was cancelled while pending, or failed, is a duplicate")
    func copyAfterCancelOrFailure() {
        var scheduler = Scheduler(claim: Claim(), power: .on)
        scheduler.drive([.maintenanceRequested(maintenance("waits")), .cancel(id("waits"))])
        #expect(scheduler.reject(.maintenanceRequested(maintenance("waits"))) == .duplicate("maintenance ops/waits (already finished)"))

        var failing = Scheduler(power: .on)
        failing.drive([.maintenanceRequested(Self.request("bios")), .maintenanceFailed(id("bios"), reason: "flash")])
        #expect(failing.reject(.maintenanceRequested(Self.request("bios"))) == .duplicate("maintenance ops/bios (already finished)"))
    }

    @Test("the memory is bounded: the oldest finished maintenance is forgotten once the limit of later ones finished")
    func bounded() {
        let names = (0...Scheduler.finishedLimit).map { "m\($0)" }
        var scheduler = Self.finished(names)
        #expect(scheduler.finished.count == Scheduler.finishedLimit)
        #expect(scheduler.finished == names.dropFirst().map { id($0).fingerprint })
        #expect(scheduler.reject(.maintenanceRequested(Self.request(names[1]))) == .duplicate("maintenance ops/m1 (already finished)"))
        #expect(scheduler.accept(.maintenanceRequested(Self.request(names[0]))) != nil)
    }

    @Test("fingerprints tell namespace and name apart")
    func fingerprints() {
        #expect(id("ab", namespace: "c").fingerprint != id("b", namespace: "ca").fingerprint)
        #expect(id("bios").fingerprint == id("bios").fingerprint)
    }
}
