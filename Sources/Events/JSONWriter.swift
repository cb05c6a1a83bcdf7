import JSON

/// Writes JSON values as compact bytes, members in order.
///
/// The same value always gives the same bytes, so an event replayed after a crash
/// is byte-identical to the one first sent. Strings are written by `JSONString`,
/// the one escaping rule of events, logs and configuration.
public enum JSONWriter {
    /// The compact encoding of `value`.
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128)
        write(value, into: &output)
        return output
    }

    /// The compact encoding of `value`, as a string.
    public static func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// Appends the compact encoding of `value` to `output`.
    public static func write(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null: append("null", to: &output)
        case .bool(let flag): append(flag ? "true" : "false", to: &output)
        case .int(let number): output.append(contentsOf: String(number).utf8)
        case .double(let number):
            if number.isFinite {
                if number.rounded() == number, abs(number) < 1e15 {
                    output.append(contentsOf: String(Int64(number)).utf8)
                } else {
                    output.append(contentsOf: String(number).utf8)
                }
            } else {
                append("null", to: &output)
            }
        case .string(let text): JSONString.write(text, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                write(element, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (offset, member) in object.members.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                JSONString.write(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                write(member.value, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// An indented encoding of `value` (two spaces, one member per line), for files people read.
    public static func prettyString(_ value: JSONValue) -> String {
        var output: [UInt8] = []
        writePretty(value, indent: 0, into: &output)
        output.append(0x0A)
        return String(decoding: output, as: UTF8.self)
    }

    private static func writePretty(_ value: JSONValue, indent: Int, into output: inout [UInt8]) {
        let inner = [UInt8](repeating: 0x20, count: (indent + 1) * 2)
        let outer = [UInt8](repeating: 0x20, count: indent * 2)
        switch value {
        case .array(let elements) where !elements.isEmpty:
            output.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                output.append(contentsOf: offset > 0 ? [UInt8(ascii: ","), 0x0A] : [0x0A])
                output.append(contentsOf: inner)
                writePretty(element, indent: indent + 1, into: &output)
            }
            output.append(0x0A)
            output.append(contentsOf: outer)
            output.append(UInt8(ascii: "]"))
        case .object(let object) where object.count > 0:
            output.append(UInt8(ascii: "{"))
            for (offset, member) in object.members.enumerated() {
                output.append(contentsOf: offset > 0 ? [UInt8(ascii: ","), 0x0A] : [0x0A])
                output.append(contentsOf: inner)
                JSONString.write(member.key, into: &output)
                output.append(contentsOf: [UInt8(ascii: ":"), 0x20])
                writePretty(member.value, indent: indent + 1, into: &output)
            }
            output.append(0x0A)
            output.append(contentsOf: outer)
            output.append(UInt8(ascii: "}"))
        default:
            write(value, into: &output)
        }
    }

    private static func append(_ literal: StaticString, to output: inout [UInt8]) {
        output.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Lower-case hex digits, by value, for event ids.
    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
