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
        if text.utf8.withContiguousStorageIfAvailable({ writeEscaped($0, into: &output) }) == nil {
            var text = text
            text.withUTF8 { writeEscaped($0, into: &output) }
        }
        output.append(quote)
    }

    /// Appends `bytes` escaped, without quotes: each run of bytes that need no escape is
    /// copied at once (most text is one such run).
    private static func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var runStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            // The bytes kept as they are: printable ASCII but `"` and `\`, and every byte of a
            // multi-byte character but the E2 that may start U+2028 or U+2029.
            guard byte < 0x20 || byte == quote || byte == backslash || byte == 0xE2 else {
                index += 1
                continue
            }
            // What replaces the byte (with U+2028 and U+2029, the three bytes of the character):
            // a backslash and a letter, or `\u` and the code unit's four hex digits.
            let (length, letter, unit): (Int, UInt8?, UInt16)
            switch byte {
            case quote, backslash: (length, letter, unit) = (1, byte, 0)
            case 0x0A: (length, letter, unit) = (1, UInt8(ascii: "n"), 0)
            case 0x0D: (length, letter, unit) = (1, UInt8(ascii: "r"), 0)
            case 0x09: (length, letter, unit) = (1, UInt8(ascii: "t"), 0)
            case 0x00..<0x20: (length, letter, unit) = (1, nil, UInt16(byte))
            case _ where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9 in UTF-8.
                (length, letter, unit) = (3, nil, bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029)
            default:
                // An E2 that starts another character: kept.
                index += 1
                continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            if let letter {
                output.append(backslash)
                output.append(letter)
            } else {
                appendEscape(unit, to: &output)
            }
            index += length
            runStart = index
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
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
        output.append(backslash)
        output.append(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) { output.append(hexDigits[Int((unit >> UInt16(shift)) & 0x0F)]) }
    }
}
