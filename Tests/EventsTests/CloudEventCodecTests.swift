import Testing

@testable import Events

@Suite("CloudEvents on Kafka")
struct CloudEventCodecTests {
    let codec = CloudEventCodec()
    let event = CloudEvent(
        id: "e-1",
        source: "/tests",
        type: "dev.maintenanced.test",
        subject: "server-1",
        time: 1_795_253_400_123,
        data: ["server": "server-1", "priority": 3],
        extensions: ["traceparent": "00-abc-def-01"]
    )

    @Test("binary mode puts attributes in ce_ headers and data in the value")
    func binaryEncoding() throws {
        let message = codec.encode(event, key: "server-1")
        #expect(message.key == Array("server-1".utf8))
        #expect(message.header("ce_specversion") == "1.0")
        #expect(message.header("ce_id") == "e-1")
        #expect(message.header("ce_source") == "/tests")
        #expect(message.header("ce_type") == "dev.maintenanced.test")
        #expect(message.header("ce_subject") == "server-1")
        #expect(message.header("ce_time") == "2026-11-21T09:30:00.123Z")
        #expect(message.header("ce_traceparent") == "00-abc-def-01")
        #expect(message.header("content-type") == "application/json")
        #expect(String(decoding: message.value, as: UTF8.self) == #"{"server":"server-1","priority":3}"#)
        #expect(try codec.decode(message) == event)
    }

    @Test("structured mode is accepted on input")
    func structured() throws {
        let message = codec.encodeStructured(event, key: "server-1")
        #expect(message.header("content-type") == "application/cloudevents+json")
        #expect(try codec.decode(message) == event)
        // Without a content-type header, a JSON object with specversion is structured too.
        var bare = message
        bare.headers = []
        #expect(try codec.decode(bare) == event)
    }

    @Test("an event without data has an empty value")
    func noData() throws {
        var event = event
        event.data = nil
        event.dataContentType = nil
        let message = codec.encode(event, key: "k")
        #expect(message.value.isEmpty)
        #expect(try codec.decode(message) == event)
    }

    func headers(_ pairs: [(String, String)]) -> MessageHeaders {
        MessageHeaders(pairs.map { MessageHeader(name: $0.0, string: $0.1) })
    }

    var validHeaders: [(String, String)] {
        [("ce_specversion", "1.0"), ("ce_id", "1"), ("ce_source", "/s"), ("ce_type", "t"), ("content-type", "application/json")]
    }

    func decodeError(_ message: EventMessage) -> EventDecodingError? {
        do {
            _ = try codec.decode(message)
            return nil
        } catch {
            return error
        }
    }

    @Test("each missing required attribute is named", arguments: ["specversion", "id", "source", "type"])
    func missingAttribute(name: String) {
        let message = EventMessage(key: nil, value: Array("{}".utf8), headers: headers(validHeaders.filter { $0.0 != "ce_" + name }))
        let error = decodeError(message)
        if name == "specversion" {
            // Without ce_specversion the message is read as structured mode, whose object lacks specversion.
            #expect(error == .missingAttribute("specversion"))
        } else {
            #expect(error == .missingAttribute(name))
        }
    }

    @Test("bad input gives a typed error with a stable reason")
    func badInput() {
        let valid = headers(validHeaders)
        let cases: [(EventMessage, String)] = [
            (EventMessage(key: nil, value: Array("not json".utf8), headers: valid), "not-json"),
            (EventMessage(key: nil, value: [0x22, 0xFF, 0x22], headers: valid), "invalid-utf8"),
            (EventMessage(key: nil, value: Array("{}".utf8), headers: headers([("ce_specversion", "0.3"), ("ce_id", "1"), ("ce_source", "/s"), ("ce_type", "t")])), "unsupported-specversion"),
            (EventMessage(key: nil, value: Array("<x/>".utf8), headers: headers(validHeaders.dropLast() + [("content-type", "application/xml")])), "unsupported-content-type"),
            (EventMessage(key: nil, value: Array("{}".utf8), headers: headers(validHeaders + [("ce_time", "yesterday")])), "invalid-attribute"),
            (EventMessage(key: nil, value: Array("{}".utf8), headers: headers(validHeaders + [("ce_Bad-Name", "x")])), "invalid-attribute"),
            (EventMessage(key: nil, value: Array("{}".utf8), headers: headers(validHeaders + [("ce_id", "2")])), "invalid-attribute"),
            (EventMessage(key: nil, value: Array("[1,2]".utf8), headers: []), "invalid-attribute"),
            (EventMessage(key: nil, value: Array(String(repeating: "[", count: 40).utf8) + Array(String(repeating: "]", count: 40).utf8), headers: valid), "too-deep"),
            (EventMessage(key: nil, value: [UInt8](repeating: 0x20, count: (1 << 20) + 1), headers: valid), "too-large"),
            (EventMessage(key: nil, value: Array("{}".utf8), headers: MessageHeaders([MessageHeader(name: "ce_specversion", value: [0xFF])] + Array(headers(Array(validHeaders.dropFirst()))))), "invalid-utf8"),
        ]
        for (message, reason) in cases {
            let error = decodeError(message)
            #expect(error?.reason.rawValue == reason, "\(String(describing: error))")
            #expect(error.map { !$0.description.isEmpty } == true)
        }
    }

    @Test("attribute headers are read in place: each named one once, the time parsed from its bytes, the rest extensions")
    func attributesInPlace() throws {
        func decode(_ extra: [(String, String)]) -> Result<CloudEvent, EventDecodingError> {
            Result { () throws(EventDecodingError) in
                try CloudEventCodec().decode(EventMessage(key: nil, value: Array("{}".utf8), headers: headers(validHeaders + extra)))
            }
        }
        let event = try decode([("ce_time", "2026-11-21T10:30:00.123+01:00"), ("ce_subject", "server-1"), ("ce_dataschema", "s"), ("ce_region", "eu1")]).get()
        #expect(event.time == 1_795_253_400_123 && event.subject == "server-1" && event.dataSchema == "s")
        #expect(event.extensions == ["region": "eu1"])
        #expect(event.id == "1" && event.source == "/s" && event.type == "t")
        for name in ["specversion", "id", "source", "type", "subject", "time", "dataschema", "region"] {
            let value = name == "time" ? "2026-11-21T09:30:00Z" : name == "specversion" ? "1.0" : "x"
            let twice = (name == "subject" || name == "time" || name == "dataschema" || name == "region") ? [("ce_" + name, value), ("ce_" + name, value)] : [("ce_" + name, value)]
            #expect(throws: EventDecodingError.invalidAttribute(name: name, reason: "appears in more than one header")) { try decode(twice).get() }
        }
        #expect(throws: EventDecodingError.invalidAttribute(name: "time", reason: "is not an RFC 3339 timestamp: 'soon'")) { try decode([("ce_time", "soon")]).get() }
        var invalid = headers(validHeaders)
        invalid.append(name: "ce_time", value: [0x32, 0xFF])
        #expect(throws: EventDecodingError.invalidUTF8(where: "header ce_time")) {
            try CloudEventCodec().decode(EventMessage(key: nil, value: Array("{}".utf8), headers: invalid))
        }
        var null = headers(validHeaders)
        null.append(MessageHeader(name: "ce_subject", value: nil))
        #expect(throws: EventDecodingError.invalidUTF8(where: "header ce_subject")) {
            try CloudEventCodec().decode(EventMessage(key: nil, value: Array("{}".utf8), headers: null))
        }
    }
}

@Suite("Event ids and dead letters")
struct EventIDAndDeadLetterTests {
    @Test("derived ids are deterministic and differ by input, role and position")
    func derivedIDs() {
        let id = EventID.derive(from: "input-1", role: "scheduler", index: 0)
        #expect(id == EventID.derive(from: "input-1", role: "scheduler", index: 0))
        #expect(id.count == 36)
        let others = [
            EventID.derive(from: "input-1", role: "scheduler", index: 1),
            EventID.derive(from: "input-2", role: "scheduler", index: 0),
            EventID.derive(from: "input-1", role: "power", index: 0),
            EventID.derive(from: "input-", role: "1scheduler", index: 0),
        ]
        #expect(Set(others + [id]).count == 5)
    }

    @Test("ids stay what they were: replayed inputs after an upgrade get the same ids, one input's outputs hashed once")
    func idsAreStable() {
        // Pinned values (computed outside Swift from the algorithm: FNV-1a 64 twice, SplitMix64's finalizer, RFC 9562 v8).
        let expected = ["a2a63780-a18a-80b9-9661-e122fc7fc03f", "f45716f0-649f-8170-91c3-1839a52f5719", "64f3707b-7dcf-8566-b0d9-ccdeb404f0a4"]
        let derivation = EventID.Derivation(from: "scheduler.input/3/42", role: "scheduler")
        #expect((0..<3).map { derivation.id(index: $0) } == expected)
        #expect((0..<3).map { EventID.derive(from: "scheduler.input/3/42", role: "scheduler", index: $0) } == expected)
    }

    @Test("a dead letter keeps the original bytes and says why, where and when")
    func deadLetter() {
        let original = EventMessage(key: Array("server-9".utf8), value: [0xFF, 0x00], headers: [MessageHeader(name: "x", string: "y")])
        let letter = DeadLetter.message(
            for: original,
            error: .notJSON(JSONError(.syntax, at: 0, "unexpected character")),
            origin: .init(topic: "server.lifecycle", partition: 3, offset: 42, consumer: "maintenanced-power"),
            at: 0
        )
        #expect(letter.key == original.key)
        #expect(letter.value == original.value)
        #expect(letter.headers.first == original.headers.first)
        #expect(letter.header(DeadLetter.Header.reason) == "not-json")
        #expect(letter.header(DeadLetter.Header.error)?.contains("unexpected character") == true)
        #expect(letter.header(DeadLetter.Header.topic) == "server.lifecycle")
        #expect(letter.header(DeadLetter.Header.partition) == "3")
        #expect(letter.header(DeadLetter.Header.offset) == "42")
        #expect(letter.header(DeadLetter.Header.time) == "1970-01-01T00:00:00.000Z")
        #expect(letter.header(DeadLetter.Header.consumer) == "maintenanced-power")
    }
}
