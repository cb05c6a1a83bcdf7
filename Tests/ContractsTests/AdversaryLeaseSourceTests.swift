import Events
import Lifecycle
import Testing

@testable import Contracts

/// `disruption.requested` and `disruption.released` share `maintenance.requests` with what
/// maintenance operators, boot-config operators and claim owners produce, and their request
/// ids are predictable (`update-N-lease`). The catalogue names maintenanced/update as their
/// only producer; PROTOCOL §1 has the orchestrator alone release the lease, "only once
/// nothing of the cycle can still disrupt the server".
@Suite("The disruption lease is released only by the update orchestrator (PROTOCOL §1)")
struct LeaseReleaseSourceTests {
    private func event(_ type: String, source: String, requestID: String) throws -> InboundEvent {
        try InboundEvent(
            event: CloudEvent(id: "e-\(source)", source: source, type: type, subject: "server-1", data: ["requestId": .string(requestID)]),
            topic: TopicName.maintenanceRequests, key: Array("server-1".utf8))
    }

    @Test("a disruption.released from an outside producer does not take the lease from the orchestrator")
    func outsideRelease() throws {
        let logic = SchedulerLogic()
        var state: MaintenanceScheduler? = nil
        // The orchestrator asks for the lease for its install, and the scheduler grants it.
        _ = try logic.step(try event(EventName.disruptionRequested, source: Role.update.source, requestID: "update-1-lease"), state: &state, at: Instant(millisecondsSinceEpoch: 0))
        #expect(state?.phase == .leased)
        // Any producer of maintenance.requests (an operator's tool) sends the release.
        _ = try logic.step(try event(EventName.disruptionReleased, source: "/ops/someone", requestID: "update-1-lease"), state: &state, at: Instant(millisecondsSinceEpoch: 1))
        // What happens: the scheduler is idle again and starts the next maintenance (powering the
        // server off) while the orchestrator, told nothing, goes on with its install.
        #expect(state?.phase == .leased, "the lease was released by /ops/someone")
        #expect(state?.leaseRequestID == "update-1-lease")
    }
}
