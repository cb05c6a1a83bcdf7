import Contracts
import Events
import Testing

@testable import Processor

/// What a batch report counts: consumed and emitted events by type, dead letters
/// and rejections with their server and event.
@Suite struct BatchReportTests {
    let codec = CloudEventCodec()

    func message(_ type: String, key: String, id: String, _ data: JSONValue = [:]) -> EventMessage {
        codec.encode(OutgoingEvent(type, key: key, data).cloudEvent(id: id, source: "test", time: 0), key: key)
    }

    @Test func countsByTypeAndNamesTheServerAndEventOfIncidents() {
        let topic = TopicName.maintenanceRequests
        let good = message(EventName.maintenanceRequested, key: "server-1", id: "e-1")
        let bad = EventMessage(key: Array("server-9".utf8), value: Array("not json".utf8), headers: [EventHeader(name: "ce_id", string: "e-9")])
        let late = message(EventName.maintenanceCompleted, key: "server-2", id: "e-2")
        let deadLetter = DeadLetter.message(
            for: bad, reason: "not-json", error: "value is not JSON", origin: .init(topic: topic, partition: 3, offset: 7, consumer: "g"), at: 0)
        let rejection = message(
            EventName.transitionRejected, key: "server-2", id: "r-1",
            ["eventId": "e-2", "eventType": .string(EventName.maintenanceCompleted), "code": "not-active", "reason": "nothing in maintenance", "role": "scheduler"])
        let transition = message(EventName.maintenanceRequested, key: "server-1", id: "o-1")
        let report = BatchReport(
            inputs: [(topic, 1, 4, good), (topic, 3, 7, bad), (topic, 2, 5, late)],
            outputs: [
                OutgoingRecord(topic: TopicName.serverTransitions, partition: nil, message: transition),
                OutgoingRecord(topic: TopicName.deadLetter, partition: nil, message: deadLetter),
                OutgoingRecord(topic: TopicName.serverTransitions, partition: nil, message: rejection),
            ],
            changelog: [], duration: .milliseconds(3))

        #expect(report.messages == 3)
        #expect(report.consumed[EventKind(topic: topic, type: EventName.maintenanceRequested)] == 1)
        #expect(report.consumed[EventKind(topic: topic, type: EventName.maintenanceCompleted)] == 1)
        #expect(report.consumed[EventKind(topic: topic, type: EventKind.invalid)] == 1)
        #expect(report.emitted[EventKind(topic: TopicName.deadLetter, type: EventKind.deadLetter)] == 1)
        #expect(report.emitted[EventKind(topic: TopicName.serverTransitions, type: EventName.transitionRejected)] == 1)
        #expect(report.deadLetters == [RoleIncident(reason: "not-json", server: "server-9", event: "e-9", detail: "value is not JSON")])
        #expect(report.rejections == [RoleIncident(reason: "not-active", server: "server-2", event: "e-2", detail: "nothing in maintenance")])
        #expect(report.rejections[0].metadata["server_id"] == "server-2")
    }
}
