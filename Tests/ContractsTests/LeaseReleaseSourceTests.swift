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
    private func event(_ type: String, source: String, requestID: String, topic: String = TopicName.maintenanceRequests) throws(EventDecodingError) -> InboundEvent {
        try InboundEvent(
            event: CloudEvent(id: "e-\(source)", source: source, type: type, subject: "server-1", data: ["requestId": .string(requestID)]),
            topic: topic, key: Array("server-1".utf8))
    }

    @Test("a disruption.released from an outside producer is refused (dead-lettered: invalid source) and does not take the lease from the orchestrator")
    func outsideRelease() throws {
        let logic = SchedulerLogic()
        var state: MaintenanceScheduler? = nil
        // The orchestrator asks for the lease for its install, and the scheduler grants it.
        _ = try logic.step(try event(EventName.disruptionRequested, source: Role.update.source, requestID: "update-1-lease"), state: &state, at: Instant(millisecondsSinceEpoch: 0))
        #expect(state?.phase == .leased)
        // Any producer of maintenance.requests (an operator's tool) sends the release: the contract refuses it.
        #expect(
            throws: EventDecodingError.invalidAttribute(
                name: "source", reason: "'/ops/someone' may not send dev.maintenanced.disruption.released: only /maintenanced/update does")
        ) {
            try event(EventName.disruptionReleased, source: "/ops/someone", requestID: "update-1-lease")
        }
        // A role's own source that is not the producer's is refused too.
        #expect(throws: EventDecodingError.self) {
            try event(EventName.disruptionReleased, source: Role.scheduler.source, requestID: "update-1-lease")
        }
        #expect(state?.phase == .leased)
        #expect(state?.leaseRequestID == "update-1-lease")
        // The orchestrator's own release is taken.
        _ = try logic.step(try event(EventName.disruptionReleased, source: Role.update.source, requestID: "update-1-lease"), state: &state, at: Instant(millisecondsSinceEpoch: 2))
        #expect(state?.phase != .leased)
    }

    @Test("every type only roles produce is refused from another source; a type outside parties produce is not")
    func everyRoleOnlyType() throws {
        var checked = 0
        for entry in EventCatalog.all {
            guard let roles = EventCatalog.producingRoles(of: entry) else { continue }
            let key = Array((entry.key == .cluster ? "cluster-1" : "server-1").utf8)
            let forged = CloudEvent(id: "f", source: "/ops/someone", type: entry.type, subject: nil, data: entry.example)
            #expect(throws: EventDecodingError.self, "\(entry.type)") { try InboundEvent(event: forged, topic: entry.topic, key: key) }
            let own = CloudEvent(id: "o", source: roles[0].source, type: entry.type, subject: nil, data: entry.example)
            #expect(throws: Never.self, "\(entry.type)") { try InboundEvent(event: own, topic: entry.topic, key: key) }
            checked += 1
        }
        #expect(checked >= 8, "role-only types: \(checked)")
        let request = try #require(EventCatalog.entry(for: EventName.maintenanceRequested))
        #expect(EventCatalog.producingRoles(of: request) == nil)
    }

    @Test("a power command in a role's name (requester scheduler or update) is refused from another source; an operator's is taken from any")
    func requesterNamesItsSource() throws {
        func route(requester: String, source: String) throws(EventDecodingError) -> Routed<PowerController.Input> {
            let event = try InboundEvent(
                event: CloudEvent(id: "p", source: source, type: EventName.powerRebootRequested, subject: "server-1",
                    data: ["requestId": "update-1-reboot", "requester": .string(requester)]),
                topic: TopicName.powerCommands, key: Array("server-1".utf8))
            return try PowerContract.route(event, state: PowerController())
        }
        #expect(
            throws: EventDecodingError.invalidAttribute(
                name: "source", reason: "'/ops/someone' may not ask as requester update: only /maintenanced/update does")
        ) { try route(requester: "update", source: "/ops/someone") }
        #expect(throws: EventDecodingError.self) { try route(requester: "scheduler", source: Role.update.source) }
        guard case .apply(.command(let request), _) = try route(requester: "update", source: Role.update.source) else {
            Issue.record("the orchestrator's own reboot was not applied")
            return
        }
        #expect(request.requester == .updateOrchestrator)
        guard case .apply(.command(let operatorRequest), _) = try route(requester: "operator", source: "/ops/someone") else {
            Issue.record("an operator's reboot was not applied")
            return
        }
        #expect(operatorRequest.requester == .operatorRequest)
    }
}
