/// JSON string literals, written one way by every part of maintenanced that writes
/// JSON or quotes text: events, log lines, the effective configuration, YAML's messages.
///
/// The rule (RFC 8259, and safe on one line): `"` and `\` are escaped; line feed,
/// carriage return and tab as `\n`, `\r`, `\t`; other control characters (below
/// U+0020) and the line and paragraph separators U+2028 and U+2029 (which end a line
/// in JavaScript and some log viewers) as `\u` and four lower-case hex digits.
/// Everything else, non-ASCII included, is kept as it is (UTF-8).
public enum JSONString {
    /// Appends `text` as a JSON string literal, quotes included, to `output` (UTF-8).
    public static func write(_ text: String, into output: inout [UInt8]) {
        output.append(quote)
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case quote, backslash: output.append(contentsOf: [backslash, byte])
                case 0x0A: output.append(contentsOf: [backslash, UInt8(ascii: "n")])
                case 0x0D: output.append(contentsOf: [backslash, UInt8(ascii: "r")])
                case 0x09: output.append(contentsOf: [backslash, UInt8(ascii: "t")])
                case 0x00..<0x20: appendEscape(UInt16(byte), to: &output)
                case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
                    appendEscape(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029, to: &output)
                    index += 2
                default: output.append(byte)
                }
                index += 1
            }
        }
        output.append(quote)
    }

    /// `text` as a JSON string literal, quotes included.
    public static func quoted(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 2)
        write(text, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `\u` and the four hex digits of `unit`.
    private static func appendEscape(_ unit: UInt16, to output: inout [UInt8]) {
        output.append(contentsOf: [backslash, UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) { output.append(hexDigits[Int((unit >> UInt16(shift)) & 0x0F)]) }
    }
}
