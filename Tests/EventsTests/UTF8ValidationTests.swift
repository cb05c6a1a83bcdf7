import Testing

@testable import Events

@Suite("UTF-8 validation without the generic path")
struct UTF8ValidationTests {
    @Test("valid text comes back as it was", arguments: ["", "server-0001", "größe", "日本", "🙂 ok", "\u{FFFD}"])
    func valid(text: String) {
        #expect(String(utf8: Array(text.utf8)) == text)
    }

    @Test(
        "what is not UTF-8 is nil, also where the repair keeps the length",
        arguments: [
            [0xFF], [0x80], [0x61, 0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xC0, 0xAF], [0x61, 0xF0, 0x9F, 0x98, 0x62],
        ] as [[UInt8]])
    func invalid(bytes: [UInt8]) {
        #expect(String(utf8: bytes) == nil)
        #expect(String(validating: bytes, as: UTF8.self) == nil)
    }

    @Test("agrees with the standard library's validation on random bytes")
    func agreesWithStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        var invalid = 0
        for _ in 0..<20_000 {
            let count = Int.random(in: 0...8, using: &generator)
            // Mostly bytes that start or continue multi-byte sequences, so both outcomes come up.
            let bytes = (0..<count).map { _ in UInt8.random(in: 0x7E...0xF5, using: &generator) }
            let expected = String(validating: bytes, as: UTF8.self)
            #expect(String(utf8: bytes) == expected, "\(bytes)")
            if expected == nil { invalid += 1 }
        }
        #expect(invalid > 1_000)
        #expect(invalid < 19_000)
    }
}
