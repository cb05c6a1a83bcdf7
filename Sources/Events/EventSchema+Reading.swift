extension EventSchema {
    /// Reads an event's data, the JSON document in `data` (nil when the event has none),
    /// against this schema in one pass over the bytes: no JSON tree, member names matched
    /// in place, each kept value made once.
    ///
    /// The outcome is the one of parsing the whole document (`JSONParser`) and then checking
    /// the value member by member in the schema's order: a document that is not JSON is
    /// `.notJSON` wherever its fault lies, and of several violations the one the schema
    /// names first is reported, with its path.
    public func read(_ data: UnsafeRawBufferPointer?, type: String, maxDepth: Int = 64) throws(EventDecodingError) -> EventData {
        guard let data else { throw .schemaViolation(type: type, path: "$", reason: "data is missing") }
        var reader = Reader(scanner: JSONScanner(bytes: data, maxDepth: maxDepth), values: Array(repeating: nil, count: layout.paths.count))
        let violation: Violation?
        do throws(JSONError) {
            reader.scanner.skipWhitespace()
            violation = try reader.read(.object(fields), slot: .object(layout.root), path: Path("$"), depth: 0)
            reader.scanner.skipWhitespace()
            guard reader.scanner.index == data.count else {
                throw JSONError(.syntax, at: reader.scanner.index, "unexpected bytes after the JSON value")
            }
        } catch {
            throw .notJSON(error)
        }
        if let violation { throw .schemaViolation(type: type, path: violation.path, reason: violation.reason) }
        return EventData(paths: layout.paths, values: reader.values)
    }

    /// Reads the JSON document in `data` (as the reader of raw bytes does).
    public func read(_ data: [UInt8]?, type: String, maxDepth: Int = 64) throws(EventDecodingError) -> EventData {
        guard let data else { return try read(nil as UnsafeRawBufferPointer?, type: type, maxDepth: maxDepth) }
        return try data.withBytesForDecoding({ (buffer) throws(EventDecodingError) in try read(buffer, type: type, maxDepth: maxDepth) })
    }

    /// Reads `data` (as the reader of raw bytes does), written as JSON first.
    public func read(_ data: JSONValue?, type: String, maxDepth: Int = 64) throws(EventDecodingError) -> EventData {
        try read(data.map(JSONWriter.bytes), type: type, maxDepth: maxDepth)
    }

    /// Checks `data` against the schema; the error names the JSON path of the first problem.
    public func validate(_ data: JSONValue?, type: String) throws(EventDecodingError) {
        _ = try read(data, type: type)
    }

    /// A schema violation found while reading: kept until the document has been read to
    /// its end, since a fault of JSON anywhere in it is reported instead.
    struct Violation {
        var path: String
        var reason: String
    }

    /// Where a value is in the document, as the error names it: made into text only for an error.
    struct Path {
        var parent: String
        var last: Last

        enum Last {
            case none
            case member(String)
            case element(Int)
        }

        init(_ text: String) {
            parent = text
            last = .none
        }

        init(_ parent: Path, member: String) {
            self.parent = parent.text
            last = .member(member)
        }

        init(_ parent: Path, element: Int) {
            self.parent = parent.text
            last = .element(element)
        }

        var text: String {
            switch last {
            case .none: parent
            case .member(let name): parent + "." + name
            case .element(let index): parent + "[\(index)]"
            }
        }
    }

    /// The document being read and the values kept so far.
    struct Reader {
        var scanner: JSONScanner
        var values: [EventData.Value?]

        private func violation(_ path: Path, _ reason: String) -> Violation {
            Violation(path: path.text, reason: reason)
        }

        private var next: UInt8? {
            scanner.index < scanner.bytes.count ? scanner.bytes[scanner.index] : nil
        }

        /// Reads one value of `kind` at `depth` (its container's), keeping it as `slot` says.
        mutating func read(_ kind: Kind, slot: Layout.Slot, path: Path, depth: Int) throws(JSONError) -> Violation? {
            switch (kind, slot) {
            case (.object, .object(let object)):
                guard next == UInt8(ascii: "{") else { return try mismatch("expected an object", path: path, depth: depth) }
                return try readObject(object, path: path, depth: depth + 1)
            case (.array(let element, let maxItems), .array(let elementSlot)):
                guard next == UInt8(ascii: "[") else { return try mismatch("expected an array", path: path, depth: depth) }
                return try readArray(element, slot: elementSlot, maxItems: maxItems, path: path, depth: depth + 1)
            case (.stringMap, _):
                guard next == UInt8(ascii: "{") else { return try mismatch("expected an object", path: path, depth: depth) }
                return try readObject(.none, path: path, depth: depth + 1, othersAreStrings: true)
            default:
                let value = try scanner.parseValue(depth: depth)
                switch Self.check(value, kind: kind) {
                case .failure(let reason):
                    return violation(path, reason.text)
                case .success(let kept):
                    if case .scalar(let index) = slot { values[index] = kept }
                    return nil
                }
            }
        }

        /// A value of another kind than the schema's: read whole, to name its kind.
        private mutating func mismatch(_ expected: String, path: Path, depth: Int) throws(JSONError) -> Violation? {
            let value = try scanner.parseValue(depth: depth)
            return violation(path, "\(expected), found \(value.kindName)")
        }

        /// A member's name: the index of the schema's field it names, or the name.
        private enum Key {
            case field(Int)
            case other(String)
        }

        /// Reads a member name at the opening quote, matched against `object`'s fields in place
        /// when it is plain ASCII (no escapes).
        private mutating func readKey(in object: Layout.Object) throws(JSONError) -> Key {
            let bytes = scanner.bytes
            var end = scanner.index + 1
            while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20, bytes[end] < 0x80 {
                end += 1
            }
            if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
                let name = UnsafeRawBufferPointer(rebasing: bytes[(scanner.index + 1)..<end])
                scanner.index = end + 1
                if let field = object.field(named: name) { return .field(field) }
                return .other(String(decoding: name, as: UTF8.self))
            }
            let name = try scanner.parseString()
            if let field = object.field(named: name) { return .field(field) }
            return .other(name)
        }

        /// Reads an object's members after checking its depth; the object's violation is the
        /// first in the schema's order (a member's own, or a required member missing), else
        /// the first member the schema does not name: any is unknown, or with
        /// `othersAreStrings` (an object of strings), any that is not a string.
        private mutating func readObject(
            _ object: Layout.Object, path: Path, depth: Int, othersAreStrings: Bool = false
        ) throws(JSONError) -> Violation? {
            guard depth <= scanner.maxDepth else { throw JSONError(.tooDeep, at: scanner.index, "nesting deeper than \(scanner.maxDepth)") }
            scanner.index += 1
            var seen = FieldSet()
            var others: [String] = []
            var fieldViolation: (field: Int, violation: Violation)?
            var unknown: Violation?
            scanner.skipWhitespace()
            if next == UInt8(ascii: "}") {
                scanner.index += 1
            } else {
                while true {
                    scanner.skipWhitespace()
                    guard next == UInt8(ascii: "\"") else { throw scanner.fail("expected a member name") }
                    let keyOffset = scanner.index
                    let key = try readKey(in: object)
                    switch key {
                    case .field(let field):
                        guard !seen.contains(field) else {
                            throw JSONError(.duplicateKey, at: keyOffset, "duplicate member \"\(object.fields[field].name)\"")
                        }
                        seen.insert(field)
                    case .other(let name):
                        guard !others.contains(name) else { throw JSONError(.duplicateKey, at: keyOffset, "duplicate member \"\(name)\"") }
                        others.append(name)
                    }
                    scanner.skipWhitespace()
                    guard next == UInt8(ascii: ":") else { throw scanner.fail("expected ':'") }
                    scanner.index += 1
                    scanner.skipWhitespace()
                    switch key {
                    case .field(let field):
                        let member = Path(path, member: object.fields[field].name)
                        if let found = try read(object.fields[field].kind, slot: object.slots[field], path: member, depth: depth),
                            fieldViolation.map({ field < $0.field }) ?? true
                        {
                            fieldViolation = (field, found)
                        }
                    case .other(let name):
                        let value = try scanner.parseValue(depth: depth)
                        if unknown == nil, !othersAreStrings || value.stringValue == nil {
                            let reason = othersAreStrings ? "expected a string, found \(value.kindName)" : "unknown member"
                            unknown = violation(Path(path, member: name), reason)
                        }
                    }
                    scanner.skipWhitespace()
                    guard let byte = next else { throw scanner.fail("unexpected end of input in an object") }
                    if byte == UInt8(ascii: ",") {
                        scanner.index += 1
                        continue
                    }
                    guard byte == UInt8(ascii: "}") else { throw scanner.fail("expected ',' or '}'") }
                    scanner.index += 1
                    break
                }
            }
            for field in object.fields.indices {
                if let fieldViolation, fieldViolation.field == field { return fieldViolation.violation }
                if !seen.contains(field), object.fields[field].required {
                    return violation(Path(path, member: object.fields[field].name), "required member is missing")
                }
            }
            return unknown
        }

        /// Reads an array's elements after checking its depth: too many items, else the first
        /// element's violation.
        private mutating func readArray(_ element: Kind, slot: Layout.Slot, maxItems: Int, path: Path, depth: Int) throws(JSONError) -> Violation? {
            guard depth <= scanner.maxDepth else { throw JSONError(.tooDeep, at: scanner.index, "nesting deeper than \(scanner.maxDepth)") }
            scanner.index += 1
            var count = 0
            var first: Violation?
            scanner.skipWhitespace()
            if next == UInt8(ascii: "]") {
                scanner.index += 1
            } else {
                while true {
                    scanner.skipWhitespace()
                    let found = try read(element, slot: slot, path: Path(path, element: count), depth: depth)
                    if first == nil { first = found }
                    count += 1
                    scanner.skipWhitespace()
                    guard let byte = next else { throw scanner.fail("unexpected end of input in an array") }
                    if byte == UInt8(ascii: ",") {
                        scanner.index += 1
                        continue
                    }
                    guard byte == UInt8(ascii: "]") else { throw scanner.fail("expected ',' or ']'") }
                    scanner.index += 1
                    break
                }
            }
            if count > maxItems { return violation(path, "more than \(maxItems) items") }
            return first
        }

        /// Checks a scalar against its kind: the value to keep, or why not.
        static func check(_ value: JSONValue, kind: Kind) -> Result<EventData.Value, Reason> {
            func failure(_ reason: String) -> Result<EventData.Value, Reason> { .failure(Reason(reason)) }
            switch kind {
            case .string(let maxLength):
                guard case .string(let text) = value else { return failure("expected a string, found \(value.kindName)") }
                guard !text.isEmpty else { return failure("must not be empty") }
                // At most one scalar per byte: only a long text needs counting.
                guard text.utf8.count <= maxLength || text.unicodeScalars.count <= maxLength else {
                    return failure("longer than \(maxLength) characters")
                }
                return .success(.string(text))
            case .oneOf(let allowed):
                guard case .string(let text) = value else { return failure("expected a string, found \(value.kindName)") }
                guard allowed.contains(text) else { return failure("'\(text)' is not one of \(allowed.joined(separator: ", "))") }
                return .success(.string(text))
            case .integer(let minimum, let maximum):
                guard case .int(let number) = value else { return failure("expected an integer, found \(value.kindName)") }
                guard number >= minimum, number <= maximum else { return failure("\(number) is outside \(minimum)...\(maximum)") }
                return .success(.int(number))
            case .boolean:
                guard case .bool(let flag) = value else { return failure("expected a boolean, found \(value.kindName)") }
                return .success(.bool(flag))
            case .timestamp:
                guard case .string(let text) = value else { return failure("expected a timestamp string, found \(value.kindName)") }
                guard RFC3339.parse(text) != nil else { return failure("'\(text)' is not an RFC 3339 timestamp") }
                return .success(.string(text))
            case .object, .array, .stringMap:
                // Containers are read by `read`; a layout never sends one here.
                return failure("expected a scalar, found \(value.kindName)")
            }
        }

        /// Why a scalar does not follow its kind.
        struct Reason: Error {
            var text: String
            init(_ text: String) { self.text = text }
        }
    }

    /// The fields of one object seen so far: a bit per field, the first 64 in a word.
    struct FieldSet {
        private var low: UInt64 = 0
        private var high: Set<Int> = []

        func contains(_ field: Int) -> Bool {
            field < 64 ? low & (1 << UInt64(field)) != 0 : high.contains(field)
        }

        mutating func insert(_ field: Int) {
            if field < 64 { low |= 1 << UInt64(field) } else { high.insert(field) }
        }
    }
}
