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
}
