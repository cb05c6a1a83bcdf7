import Contracts
import MaintenancedTesting
import Testing

@testable import Events

/// `EventSchema.read` reads data in one pass without a JSON tree. Its contract is the
/// outcome of the two steps it replaced: parse the document (`JSONParser`), then check the
/// tree member by member in the schema's order. `ReferenceCheck` below is that second step,
/// kept here as the oracle; random documents for every catalogued schema, and for one that
/// uses every kind, must give the same values or the same error either way.
@Suite("Data read against its schema in place, as a parse and a check of the tree would")
struct EventSchemaReadingTests {
    /// A schema with every kind, nested: arrays of objects, maps, timestamps.
    static let everyKind = EventSchema([
        EventSchema.Field("name", .string(maxLength: 5), "A short string."),
        EventSchema.Field("mode", .oneOf(["on", "off"]), "One of two."),
        EventSchema.Field.optional("count", .integer(minimum: -3, maximum: 1000), "Bounded."),
        EventSchema.Field.optional("flag", .boolean, "A flag."),
        EventSchema.Field.optional("at", .timestamp, "A time."),
        EventSchema.Field("inner", .object([
            EventSchema.Field("status", .oneOf(["Ready", "Offline"]), "A status."),
            EventSchema.Field.optional("depth", .object([EventSchema.Field("x", .integer(), "An integer.")]), "Deeper."),
        ]), "An object."),
        EventSchema.Field.optional("items", .array(.object([EventSchema.Field("id", .string(), "An id.")]), maxItems: 2), "At most two."),
        EventSchema.Field.optional("labels", .stringMap, "Strings by name."),
        EventSchema.Field.optional("list", .array(.integer(minimum: 0, maximum: 9), maxItems: 3), "Small numbers."),
    ])

    static var schemas: [(type: String, schema: EventSchema)] {
        EventCatalog.all.map { ($0.type, $0.schema) } + [("test.every.kind", everyKind)]
    }

    @Test("random and mutated documents: the same values or the same error as parsing and checking the tree", arguments: [1, 2, 3, 4] as [UInt64])
    func sameOutcome(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        var outcomes: [String: Int] = [:]
        var reasons = Set<String>()
        let schemas = Self.schemas
        let rounds = 6000
        for round in 0..<rounds {
            let (type, schema) = schemas[round % schemas.count]
            var bytes = Array(DocumentGenerator.document(schema.fields, random: &random).utf8)
            if Int.random(in: 0..<4, using: &random) == 0 { bytes = random.mutated(bytes) }
            let maxDepth = Int.random(in: 0..<5, using: &random) == 0 ? Int.random(in: 1...4, using: &random) : 32
            let expected = ReferenceCheck.outcome(bytes, schema: schema, type: type, maxDepth: maxDepth)
            let actual = Result { () throws(EventDecodingError) in try schema.read(bytes, type: type, maxDepth: maxDepth) }.map { data in Dictionary(uniqueKeysWithValues: data.members.map { ($0.path, $0.value) }) }
            #expect(actual == expected, "\(type): \(String(decoding: bytes, as: UTF8.self))")
            switch expected {
            case .success: outcomes["read", default: 0] += 1
            case .failure(let error):
                outcomes[error.reason.rawValue, default: 0] += 1
                if case .schemaViolation(_, _, let reason) = error { reasons.insert(reason.components(separatedBy: " ").prefix(2).joined(separator: " ")) }
            }
        }
        #expect(outcomes.values.reduce(0, +) == rounds)
        // Every outcome must be common, or the comparison proves little.
        #expect(outcomes["read", default: 0] > rounds / 10, "\(outcomes)")
        #expect(outcomes["schema-violation", default: 0] > rounds / 10, "\(outcomes)")
        #expect(outcomes["not-json", default: 0] > rounds / 20, "\(outcomes)")
        #expect(outcomes["too-deep", default: 0] > 0, "\(outcomes)")
        #expect(outcomes["invalid-utf8", default: 0] > 0, "\(outcomes)")
        #expect(reasons.count >= 10, "\(reasons.sorted())")
    }

    @Test("of several violations the one the schema names first is reported, after the document is known to be JSON")
    func precedence() throws {
        func read(_ text: String) -> EventDecodingError? {
            do {
                _ = try Self.everyKind.read(Array(text.utf8), type: "t")
                return nil
            } catch {
                return error
            }
        }
        // `mode` is named before `inner`, though written after it; an unknown member comes last.
        #expect(read(#"{"zzz": 1, "inner": {"status": "Gone"}, "name": "n", "mode": "up"}"#)
            == .schemaViolation(type: "t", path: "$.mode", reason: "'up' is not one of on, off"))
        #expect(read(#"{"zzz": 1, "inner": {"status": "Ready"}, "name": "n", "mode": "on"}"#)
            == .schemaViolation(type: "t", path: "$.zzz", reason: "unknown member"))
        #expect(read(#"{"inner": {"status": "Ready"}, "name": "n"}"#)
            == .schemaViolation(type: "t", path: "$.mode", reason: "required member is missing"))
        // A fault of JSON after a violation is what is reported.
        guard case .notJSON(let error) = read(#"{"mode": "up", "name": "n", "inner": {"status": "Ready"}} x"#) else {
            Issue.record("not reported as not JSON")
            return
        }
        #expect(error.message == "unexpected bytes after the JSON value")
        // Too many items outranks a bad element.
        #expect(read(#"{"name": "n", "mode": "on", "inner": {"status": "Ready"}, "items": [{"id": ""}, {"id": "a"}, {"id": "b"}]}"#)
            == .schemaViolation(type: "t", path: "$.items", reason: "more than 2 items"))
        #expect(read(#"{"name": "n", "mode": "on", "inner": {"status": "Ready"}, "items": [{"id": "a"}, {"id": ""}]}"#)
            == .schemaViolation(type: "t", path: "$.items[1].id", reason: "must not be empty"))
    }

    @Test("kept values are found by path, nested ones by their dotted path; members inside arrays are checked, not kept")
    func values() throws {
        let text = #"{"n\u0061me": "ab\ncd", "mode": "off", "count": -3, "flag": false, "at": "2026-12-05T00:00:00Z", "inner": {"status": "Offline", "depth": {"x": 7}}, "items": [{"id": "i"}], "labels": {"a": "b"}}"#
        let data = try Self.everyKind.read(Array(text.utf8), type: "t")
        #expect(data.string("name") == "ab\ncd")
        #expect(data.string("mode") == "off")
        #expect(data.int("count") == -3)
        #expect(data.bool("flag") == false)
        #expect(data.string("at") == "2026-12-05T00:00:00Z")
        #expect(data.string("inner.status") == "Offline")
        #expect(data.int("inner.depth.x") == 7)
        #expect(data.paths == ["name", "mode", "count", "flag", "at", "inner.status", "inner.depth.x"])
        #expect(data.members.count == 7)
        #expect(data["items.id"] == nil && data["labels"] == nil && data["missing"] == nil)
        let sparse = try Self.everyKind.read(Array(#"{"name": "a", "mode": "on", "inner": {"status": "Ready"}}"#.utf8), type: "t")
        #expect(sparse.members.map(\.path) == ["name", "mode", "inner.status"])
        #expect(sparse.int("count") == nil && sparse.int("inner.depth.x") == nil)
    }

    @Test("an inbound message read in place agrees with its decoded event checked, on random and mutated messages")
    func inboundAgrees() throws {
        var random = SeededGenerator(seed: 77)
        let codec = CloudEventCodec(maxValueBytes: 4096, maxDepth: 8)
        var agreed = 0
        var read = 0
        for round in 0..<3000 {
            let entry = EventCatalog.all[round % EventCatalog.all.count]
            let data = try? JSONParser().parse(DocumentGenerator.document(entry.schema.fields, random: &random))
            let event = CloudEvent(
                id: "e-\(round)", source: "/test", type: Int.random(in: 0..<20, using: &random) == 0 ? "dev.unknown" : entry.type,
                subject: "server-1", time: 1000, data: data)
            var message = Bool.random(using: &random) ? codec.encode(event, key: "server-1") : codec.encodeStructured(event, key: "server-1")
            switch Int.random(in: 0..<6, using: &random) {
            case 0: message.value = random.mutated(message.value)
            case 1: message.key = nil
            default: break
            }
            let topic = Int.random(in: 0..<20, using: &random) == 0 ? TopicName.serverLifecycle : entry.topic
            let inPlace = Result { () throws(EventDecodingError) in try InboundEvent(message: message, topic: topic, codec: codec) }
            let checked = Result { () throws(EventDecodingError) in
                try InboundEvent(event: try codec.decode(message), topic: topic, key: message.key)
            }
            switch (inPlace, checked) {
            case (.success(let a), .success(let b)):
                #expect(a.data == b.data && a.key == b.key && a.event == b.event)
                #expect(a.event.data == nil)
                read += 1
            case (.failure(let a), .failure(let b)):
                #expect(a == b)
            default:
                Issue.record("in place \(inPlace), checked \(checked)")
            }
            agreed += 1
        }
        #expect(agreed == 3000)
        #expect(read > 300 && read < 2700, "\(read) read")
    }
}

/// Random data documents for a schema, as text: mostly right, with wrong kinds, missing,
/// unknown and repeated members, escapes, and deep nesting.
enum DocumentGenerator {
    static func document(_ fields: [EventSchema.Field], random: inout SeededGenerator) -> String {
        var members: [String] = []
        for field in fields where Int.random(in: 0..<12, using: &random) != 0 {
            members.append(member(field.name, value(field.kind, random: &random), random: &random))
        }
        if Int.random(in: 0..<8, using: &random) == 0 {
            members.append(member(["extra", "zz", "ünknown"].randomElement(using: &random)!, value(.string(), random: &random), random: &random))
        }
        if Int.random(in: 0..<16, using: &random) == 0, let first = members.first { members.append(first) }
        if Int.random(in: 0..<16, using: &random) == 0 {
            members.append(member("deep", String(repeating: "[", count: 6) + String(repeating: "]", count: 6), random: &random))
        }
        members.shuffle(using: &random)
        let space = [" ", "", "\n\t"].randomElement(using: &random)!
        return "{" + space + members.joined(separator: "," + space) + space + "}"
    }

    static func member(_ name: String, _ value: String, random: inout SeededGenerator) -> String {
        // Sometimes the name's first letter escaped: the same member, read another way.
        var key = name
        if Int.random(in: 0..<10, using: &random) == 0, let first = name.unicodeScalars.first, first.isASCII {
            key = String(format: "\\u%04x", first.value) + String(name.unicodeScalars.dropFirst())
        }
        return "\"\(key)\": \(value)"
    }

    static func wrongKind(random: inout SeededGenerator) -> String {
        ["null", "1", "2.5", "\"x\"", "[1]", "{\"a\": 1}", "true", "99999999999999999999", "-0", "1e2"].randomElement(using: &random)!
    }

    static func value(_ kind: EventSchema.Kind, random: inout SeededGenerator) -> String {
        if Int.random(in: 0..<10, using: &random) == 0 { return wrongKind(random: &random) }
        switch kind {
        case .string(let maxLength):
            return [
                "\"server-17\"", "\"\"", "\"a\"", "\"Ünïcødé\"", "\"tab\\tand \\\"quote\\\"\"", "\"\\ud83d\\ude00\"",
                "\"" + String(repeating: "x", count: min(maxLength + 1, 3000)) + "\"", "\"" + String(repeating: "é", count: min(maxLength, 3000)) + "\"",
            ].randomElement(using: &random)!
        case .oneOf(let allowed):
            return Int.random(in: 0..<5, using: &random) == 0 ? "\"bogus\"" : "\"\(allowed.randomElement(using: &random)!)\""
        case .integer(let minimum, let maximum):
            let low = max(minimum, -5)
            let high = min(maximum, 50)
            return [String(Int64.random(in: low...high, using: &random)), String(maximum), minimum == .min ? "0" : String(minimum - 1), "7.0"]
                .randomElement(using: &random)!
        case .boolean:
            return Bool.random(using: &random) ? "true" : "false"
        case .timestamp:
            return ["\"2026-12-05T10:00:00Z\"", "\"2026-12-05T10:00:00.123+01:00\"", "\"yesterday\""].randomElement(using: &random)!
        case .object(let fields):
            return document(fields, random: &random)
        case .array(let element, let maxItems):
            let count = Int.random(in: 0...(maxItems + 1), using: &random)
            return "[" + (0..<count).map { _ in value(element, random: &random) }.joined(separator: ", ") + "]"
        case .stringMap:
            let count = Int.random(in: 0...3, using: &random)
            return "{" + (0..<count).map { index in "\"k\(index % 3)\": " + (Int.random(in: 0..<6, using: &random) == 0 ? "1" : "\"v\"") }
                .joined(separator: ", ") + "}"
        }
    }
}

/// The check of a parsed tree against a schema that `EventSchema.read` replaced, kept as the
/// tests' oracle: members in the schema's order, then the first unknown member.
enum ReferenceCheck {
    static func outcome(_ bytes: [UInt8], schema: EventSchema, type: String, maxDepth: Int) -> Result<[String: EventData.Value], EventDecodingError> {
        let tree: JSONValue
        do {
            tree = try JSONParser(maxDepth: maxDepth).parse(bytes)
        } catch {
            return .failure(.notJSON(error))
        }
        if let reason = check(tree, fields: schema.fields, path: "$") {
            return .failure(.schemaViolation(type: type, path: reason.path, reason: reason.reason))
        }
        var values: [String: EventData.Value] = [:]
        collect(tree, fields: schema.fields, prefix: "", into: &values)
        return .success(values)
    }

    static func collect(_ value: JSONValue, fields: [EventSchema.Field], prefix: String, into values: inout [String: EventData.Value]) {
        for field in fields {
            guard let member = value[field.name] else { continue }
            switch (field.kind, member) {
            case (.object(let inner), _): collect(member, fields: inner, prefix: prefix + field.name + ".", into: &values)
            case (.array, _), (.stringMap, _): break
            case (_, .string(let text)): values[prefix + field.name] = .string(text)
            case (_, .int(let number)): values[prefix + field.name] = .int(number)
            case (_, .bool(let flag)): values[prefix + field.name] = .bool(flag)
            default: break
            }
        }
    }

    static func check(_ value: JSONValue, fields: [EventSchema.Field], path: String) -> (path: String, reason: String)? {
        guard case .object(let object) = value else { return (path, "expected an object, found \(value.kindName)") }
        for field in fields {
            let memberPath = path + "." + field.name
            guard let member = object[field.name] else {
                if field.required { return (memberPath, "required member is missing") }
                continue
            }
            if let violation = check(member, kind: field.kind, path: memberPath) { return violation }
        }
        for member in object.members where !fields.contains(where: { $0.name == member.key }) {
            return (path + "." + member.key, "unknown member")
        }
        return nil
    }

    static func check(_ value: JSONValue, kind: EventSchema.Kind, path: String) -> (path: String, reason: String)? {
        func violation(_ reason: String) -> (path: String, reason: String) { (path, reason) }
        switch kind {
        case .string(let maxLength):
            guard case .string(let text) = value else { return violation("expected a string, found \(value.kindName)") }
            guard !text.isEmpty else { return violation("must not be empty") }
            guard text.unicodeScalars.count <= maxLength else { return violation("longer than \(maxLength) characters") }
        case .oneOf(let allowed):
            guard case .string(let text) = value else { return violation("expected a string, found \(value.kindName)") }
            guard allowed.contains(text) else { return violation("'\(text)' is not one of \(allowed.joined(separator: ", "))") }
        case .integer(let minimum, let maximum):
            guard case .int(let number) = value else { return violation("expected an integer, found \(value.kindName)") }
            guard number >= minimum, number <= maximum else { return violation("\(number) is outside \(minimum)...\(maximum)") }
        case .boolean:
            guard case .bool = value else { return violation("expected a boolean, found \(value.kindName)") }
        case .timestamp:
            guard case .string(let text) = value else { return violation("expected a timestamp string, found \(value.kindName)") }
            guard RFC3339.parse(text) != nil else { return violation("'\(text)' is not an RFC 3339 timestamp") }
        case .object(let fields):
            return check(value, fields: fields, path: path)
        case .array(let element, let maxItems):
            guard case .array(let elements) = value else { return violation("expected an array, found \(value.kindName)") }
            guard elements.count <= maxItems else { return violation("more than \(maxItems) items") }
            for (index, item) in elements.enumerated() {
                if let found = check(item, kind: element, path: "\(path)[\(index)]") { return found }
            }
        case .stringMap:
            guard case .object(let object) = value else { return violation("expected an object, found \(value.kindName)") }
            for member in object.members {
                guard case .string = member.value else { return (path + "." + member.key, "expected a string, found \(member.value.kindName)") }
            }
        }
        return nil
    }
}
