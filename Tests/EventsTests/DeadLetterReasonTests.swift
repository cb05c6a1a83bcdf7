import Events
import Testing

/// The dead-letter reasons are the `dlq.reason` header and a metric label that operators
/// alert on: their spelling must not change, and every dead letter takes one of them.
@Suite("Dead-letter reasons: one list, spelt as on the wire")
struct DeadLetterReasonTests {
    @Test("every reason keeps its wire spelling, in the catalogue's order")
    func wireSpelling() {
        #expect(DeadLetter.Reason.allCases.map(\.rawValue) == [
            "too-large", "invalid-utf8", "not-json", "too-deep", "missing-attribute", "invalid-attribute",
            "unsupported-specversion", "unsupported-content-type", "unknown-type", "schema-violation", "invalid-key",
            "wrong-partition", "invalid-role-log",
        ])
        for reason in DeadLetter.Reason.allCases {
            #expect("\(reason)" == reason.rawValue, "logs spell it as the header does")
            #expect(!reason.summary.isEmpty)
        }
    }

    @Test("a dead letter's dlq.reason header is its reason's raw value")
    func header() {
        let original = EventMessage(key: Array("server-1".utf8), value: Array("{}".utf8), headers: [])
        let origin = DeadLetter.Origin(topic: "scheduler.input", partition: 0, offset: 7, consumer: "maintenanced-scheduler")
        for reason in DeadLetter.Reason.allCases {
            let letter = DeadLetter.message(for: original, reason: reason, error: "why", origin: origin, at: 0)
            #expect(letter.header(DeadLetter.Header.reason) == reason.rawValue)
        }
    }
}
