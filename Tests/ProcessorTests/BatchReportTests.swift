import Contracts
import Events
import Lifecycle
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

    /// The scheduler and the update role read other roles' answers on `server.transitions`
    /// through their log like any input: each type the sequencer lets through is counted under
    /// that topic and its type, once, however many times the sequencer appended the copy.
    @Test("the server.transitions events a role takes are counted under their topic and type, a copy appended twice once", arguments: [Role.scheduler, .update])
    func countsTheTransitionsItTakes(role: Role) throws {
        var engine = EngineRun(role: role).engine
        let topic = TopicName.serverTransitions
        let passed = engine.passedTypes[topic] ?? []
        let taken = EventCatalog.types(on: topic).filter { !passed.contains($0.type) }
        #expect(!taken.isEmpty)
        var log = RoleLogWriter()
        let partition = Partitioner.partition(of: "server-1", count: WireInput.partitionCount)
        for (offset, entry) in taken.enumerated() {
            let event = CloudEvent(id: "t-\(offset)", source: "/" + entry.producers[0], type: entry.type, subject: "server-1", time: 1_000, data: entry.example)
            let message = CloudEventCodec().encode(event, key: "server-1")
            // A sequencer that restarted before committing appends the same copy again.
            for _ in 0..<2 { _ = log.fold(&engine, message, topic: topic, partition: partition, offset: Int64(offset), time: 1_000) }
        }
        let report = engine.takeReport()
        #expect(report.deadLetters.isEmpty, "\(report.deadLetters)")
        #expect(report.messages == taken.count)
        #expect(report.consumed == Dictionary(uniqueKeysWithValues: taken.map { (EventKind(topic: topic, type: $0.type), 1) }))
    }
}
