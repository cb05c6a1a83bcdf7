import Foundation
import JSON
import Testing

@Suite("JSON strings: one escaping rule")
struct JSONStringTests {
    @Test("quotes, backslashes and control characters are escaped; so are U+2028 and U+2029; other text, non-ASCII included, is kept")
    func escapingRule() {
        #expect(JSONString.quoted("") == #""""#)
        #expect(JSONString.quoted(#"say "hi" \ bye"#) == #""say \"hi\" \\ bye""#)
        #expect(JSONString.quoted("a\nb\rc\td") == #""a\nb\rc\td""#)
        #expect(JSONString.quoted("\u{0}\u{1}\u{1B}\u{1F}") == #""\u0000\u0001\u001b\u001f""#)
        #expect(JSONString.quoted("line\u{2028}para\u{2029}end") == #""line\u2028para\u2029end""#)
        #expect(JSONString.quoted("Grüße, 東京 🚀 \u{7F} \u{2027}\u{202A}") == "\"Grüße, 東京 🚀 \u{7F} \u{2027}\u{202A}\"")
    }

    @Test("write appends the same bytes as quoted gives")
    func writeAppends() {
        var output = Array("[".utf8)
        JSONString.write("x\u{2028}", into: &output)
        #expect(String(decoding: output, as: UTF8.self) == #"["x\u2028""#)
    }

    @Test("runs of plain text copied at once give the same bytes as escaping byte by byte, for every text of up to three pieces")
    func runsMatchByteByByte() {
        // Pieces around every boundary of the rule: escapes at the start, the end and side by
        // side, E2 starting U+2028 / U+2029 and other characters (… U+2026, € U+20AC), a
        // truncated-looking E2 80 at the end.
        let pieces = ["a", "bc", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}", "\u{2027}", "…", "€", "ü", "東", "🚀", " "]
        var texts = [""]
        var longest = [""]
        for _ in 1...3 {
            longest = longest.flatMap { text in pieces.map { text + $0 } }
            texts += longest
        }
        #expect(texts.count == 1 + 19 + 19 * 19 + 19 * 19 * 19)
        for text in texts {
            var output: [UInt8] = []
            JSONString.write(text, into: &output)
            #expect(output == Self.byteByByte(text), "\(Array(text.unicodeScalars))")
        }
    }

    /// The rule applied one byte at a time: the reference the writer must agree with.
    static func byteByByte(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var output: [UInt8] = [0x22]
        var index = 0
        func escape(_ unit: Int) { output += Array("\\u".utf8) + Array(String(format: "%04x", unit).utf8) }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x22, 0x5C: output += [0x5C, byte]
            case 0x0A: output += Array("\\n".utf8)
            case 0x0D: output += Array("\\r".utf8)
            case 0x09: output += Array("\\t".utf8)
            case 0x00..<0x20: escape(Int(byte))
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                escape(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029)
                index += 2
            default: output.append(byte)
            }
            index += 1
        }
        return output + [0x22]
    }
}
