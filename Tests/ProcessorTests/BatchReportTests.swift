import Contracts
import Events
import Testing

@testable import Processor

/// What a batch report counts, as the engine folds: events taken and emitted by type,
/// dead letters and rejections with their server and event.
@Suite("A batch's report counts what the fold did")
struct BatchReportTests {
    @Test("counts events by topic and type and names the server and event of each dead letter and rejection")
    func countsByTypeAndNamesTheServerAndEventOfIncidents() throws {
        var run = EngineRun(role: .scheduler)
        let topic = TopicName.maintenanceRequests
        let bad = EventMessage(key: Array("server-9".utf8), value: Array("not json".utf8), headers: [MessageHeader(name: "ce_id", string: "e-9")])
        try run.run([
            WireInput.event(EventName.maintenanceRequested, "server-1", id: "e-1", time: 1_000, ["namespace": "ops", "name": "bios", "type": "BIOSUpdate"]),
            WireInput.bad("garbage", "not-json", on: topic, bad),
            WireInput.event(EventName.maintenanceApproved, "server-2", id: "e-2", time: 1_000),
        ])
        let report = run.engine.takeReport()

        #expect(report.messages == 3)
        #expect(report.consumed[EventKind(topic: topic, type: EventName.maintenanceRequested)] == 1)
        #expect(report.consumed[EventKind(topic: topic, type: EventName.maintenanceApproved)] == 1)
        #expect(report.consumed[EventKind(topic: topic, type: EventKind.invalid)] == 1)
        #expect(report.consumed.values.reduce(0, +) == 3)
        #expect(report.emitted[EventKind(topic: TopicName.deadLetter, type: EventKind.deadLetter)] == 1)
        #expect(report.emitted[EventKind(topic: TopicName.serverTransitions, type: EventName.transitionRejected)] == 1)
        // Every output is counted once.
        #expect(report.emitted.values.reduce(0, +) == run.outputs.flatMap { $0 }.count)
        #expect(report.deadLetters.count == 1)
        #expect(report.deadLetters.first?.reason == .notJSON)
        #expect(report.deadLetters.first?.server == "server-9")
        #expect(report.deadLetters.first?.event == "e-9")
        #expect(report.rejections.count == 1)
        #expect(report.rejections.first?.server == "server-2")
        #expect(report.rejections.first?.event == "e-2")
        #expect(report.rejections.first?.metadata["server_id"] == "server-2")
        // Taking the report starts the next one empty.
        let next = run.engine.takeReport()
        #expect(next.messages == 0 && next.consumed.isEmpty && next.emitted.isEmpty && next.deadLetters.isEmpty && next.rejections.isEmpty)
    }
}
