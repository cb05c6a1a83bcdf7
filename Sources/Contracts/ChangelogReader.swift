import Events

/// Reads a changelog value with a cursor over its bytes: each state type asks for the
/// members it has, in any order, and nothing builds a tree. Members it does not know are
/// skipped (as Codable did); the JSON is checked as far as it is read, strings as UTF-8.
struct ChangelogReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// A member name as it stands in the value.
    struct Key {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>
        /// The name when it was written with escapes.
        fileprivate let unescaped: [UInt8]?

        static func ~= (pattern: StaticString, key: Key) -> Bool {
            let name = UnsafeBufferPointer(start: pattern.utf8Start, count: pattern.utf8CodeUnitCount)
            if let unescaped = key.unescaped { return unescaped.elementsEqual(name) }
            guard key.bytes.count == name.count else { return false }
            return key.bytes.elementsEqual(name)
        }

        var name: String { unescaped.map { String(decoding: $0, as: UTF8.self) } ?? String(decoding: bytes, as: UTF8.self) }
    }

    /// Where an object's members are read: whether the first is still to come.
    struct Object {
        fileprivate var first = true
    }

    func fail(_ message: String) -> ChangelogDecodingError {
        ChangelogDecodingError(offset: index, message: message)
    }

    /// Checks that only whitespace is left.
    mutating func end() throws(ChangelogDecodingError) {
        skipWhitespace()
        guard index == bytes.count else { throw fail("unexpected bytes after the value") }
    }

    mutating func beginObject() throws(ChangelogDecodingError) -> Object {
        try expect(UInt8(ascii: "{"), "an object")
        return Object()
    }

    /// The next member's name (its value follows), or nil after the object's last member.
    mutating func nextKey(_ object: inout Object) throws(ChangelogDecodingError) -> Key? {
        skipWhitespace()
        guard index < bytes.count else { throw fail("the value ends inside an object") }
        if bytes[index] == UInt8(ascii: "}") {
            index += 1
            return nil
        }
        if object.first {
            object.first = false
        } else {
            try expect(UInt8(ascii: ","), "',' or '}'")
            skipWhitespace()
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a member name") }
        index += 1
        let start = index
        var key: Key?
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                key = Key(bytes: UnsafeBufferPointer(rebasing: bytes[start..<index]), unescaped: nil)
                index += 1
                break
            }
            if byte == UInt8(ascii: "\\") {
                index = start
                key = Key(bytes: UnsafeBufferPointer(rebasing: bytes[start..<start]), unescaped: try escapedString(from: start))
                break
            }
            index += 1
        }
        guard let key else { throw fail("unterminated member name") }
        try expect(UInt8(ascii: ":"), "':'")
        return key
    }

    /// Reads an array's elements with `element`.
    mutating func array<Element>(_ element: (inout ChangelogReader) throws(ChangelogDecodingError) -> Element) throws(ChangelogDecodingError) -> [Element] {
        try expect(UInt8(ascii: "["), "an array")
        var elements: [Element] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return elements
        }
        while true {
            elements.append(try element(&self))
            skipWhitespace()
            guard index < bytes.count else { throw fail("the value ends inside an array") }
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "]") { return elements }
            guard byte == UInt8(ascii: ",") else { throw fail("expected ',' or ']'") }
        }
    }

    /// Whether the next value is a string (nothing is read).
    mutating func nextIsString() -> Bool {
        skipWhitespace()
        return index < bytes.count && bytes[index] == UInt8(ascii: "\"")
    }

    /// Whether the next value is null (then it is read).
    mutating func takeNull() throws(ChangelogDecodingError) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    mutating func bool() throws(ChangelogDecodingError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw fail("expected a boolean") }
        switch bytes[index] {
        case UInt8(ascii: "t"):
            try literal("true")
            return true
        case UInt8(ascii: "f"):
            try literal("false")
            return false
        default: throw fail("expected a boolean")
        }
    }

    /// An integer (no fraction, no exponent) that fits 64 bits.
    mutating func int64() throws(ChangelogDecodingError) -> Int64 {
        skipWhitespace()
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let start = index
        var value: Int64 = 0
        while index < bytes.count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? times10.subtractingReportingOverflow(Int64(digit)) : times10.addingReportingOverflow(Int64(digit))
            guard !overflow, !overflow2 else { throw fail("the integer does not fit 64 bits") }
            value = next
            index += 1
        }
        guard index > start else { throw fail("expected an integer") }
        guard index == start + 1 || bytes[start] != UInt8(ascii: "0") else { throw fail("an integer with a leading zero") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] | 0x20 == UInt8(ascii: "e") {
            throw fail("expected an integer, found a fraction or exponent")
        }
        return value
    }

    mutating func int() throws(ChangelogDecodingError) -> Int {
        let value = try int64()
        guard let exact = Int(exactly: value) else { throw fail("the integer does not fit Int") }
        return exact
    }

    mutating func string() throws(ChangelogDecodingError) -> String {
        try expect(UInt8(ascii: "\""), "a string")
        let start = index
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if ascii { return String(decoding: text, as: UTF8.self) }
                guard let valid = String(utf8: text) else { throw fail("a string that is not UTF-8") }
                return valid
            }
            if byte == UInt8(ascii: "\\") {
                index = start
                let unescaped = try escapedString(from: start)
                guard let valid = String(utf8: unescaped) else { throw fail("a string that is not UTF-8") }
                return valid
            }
            if byte < 0x20 { throw fail("a control character in a string") }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        throw fail("unterminated string")
    }

    /// Skips a value of any kind (a member this reader does not know).
    mutating func skipValue(depth: Int = 0) throws(ChangelogDecodingError) {
        guard depth < 64 else { throw fail("nested too deep") }
        skipWhitespace()
        guard index < bytes.count else { throw fail("expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            var object = try beginObject()
            while try nextKey(&object) != nil { try skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            _ = try array { (reader: inout ChangelogReader) throws(ChangelogDecodingError) in try reader.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"): try literal("null")
        default: try skipNumber()
        }
    }

    // MARK: - Helpers

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(ChangelogDecodingError) {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { throw fail("expected \(what)") }
        index += 1
    }

    private mutating func literal(_ word: StaticString) throws(ChangelogDecodingError) {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard index + expected.count <= bytes.count,
            UnsafeBufferPointer(rebasing: bytes[index..<index + expected.count]).elementsEqual(expected)
        else { throw fail("expected \(word)") }
        index += expected.count
    }

    private mutating func skipNumber() throws(ChangelogDecodingError) {
        let start = index
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                index += 1
            default:
                guard index > start else { throw fail("expected a value") }
                return
            }
        }
        guard index > start else { throw fail("expected a value") }
    }

    /// The bytes of the string starting at `start` (after its quote), escapes resolved by the
    /// service's JSON parser (a string with escapes is rare in a changelog); leaves the cursor
    /// after the closing quote.
    private mutating func escapedString(from start: Int) throws(ChangelogDecodingError) -> [UInt8] {
        index = start
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        guard index < bytes.count else { throw fail("unterminated string") }
        index += 1
        let parsed: JSONValue
        do {
            parsed = try JSONParser().parse(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[(start - 1)..<index]))
        } catch {
            throw ChangelogDecodingError(offset: start, message: "\(error)")
        }
        guard let text = parsed.stringValue else { throw fail("expected a string") }
        return Array(text.utf8)
    }
}

/// A changelog value that could not be read.
public struct ChangelogDecodingError: Error, CustomStringConvertible, Sendable {
    /// The byte offset in the value where reading stopped.
    public var offset: Int
    /// What was wrong there.
    public var message: String

    public var description: String { "changelog value at byte \(offset): \(message)" }
}
