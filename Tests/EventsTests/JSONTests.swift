import Foundation
import MaintenancedTesting
import Testing

@testable import Events

@Suite("JSON")
struct JSONTests {
    @Test("parses every kind of value and writes it back unchanged")
    func roundTrip() throws {
        let text = #"{"a":1,"b":-2.5,"c":"x\"y\\z\n\u00e9","d":[true,false,null],"e":{},"f":[],"g":12345678901234}"#
        let value = try JSONParser().parse(text)
        #expect(value["a"] == .int(1))
        #expect(value["b"] == .double(-2.5))
        #expect(value["c"] == .string("x\"y\\z\né"))
        #expect(value["d"] == .array([.bool(true), .bool(false), .null]))
        #expect(value["g"]?.intValue == 12_345_678_901_234)
        let written = JSONWriter.string(value)
        #expect(try JSONParser().parse(written) == value)
        #expect(written == #"{"a":1,"b":-2.5,"c":"x\"y\\z\né","d":[true,false,null],"e":{},"f":[],"g":12345678901234}"#)
    }

    @Test("keeps member order and writes control characters escaped")
    func orderAndEscapes() throws {
        let value: JSONValue = ["z": 1, "a": "\u{01}\t"]
        #expect(JSONWriter.string(value) == #"{"z":1,"a":"\u0001\t"}"#)
    }

    @Test("decodes surrogate pairs")
    func surrogates() throws {
        #expect(try JSONParser().parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    @Test(
        "rejects malformed input with the right kind",
        arguments: [
            ("", JSONError.Kind.syntax),
            ("{", .syntax),
            ("[1,]", .syntax),
            ("{\"a\":1,}", .syntax),
            ("01", .syntax),
            ("1.", .syntax),
            ("tru", .syntax),
            ("\"abc", .syntax),
            ("\"a\u{01}\"", .syntax),
            ("{\"a\":1,\"a\":2}", .duplicateKey),
            ("\"\\ud800\"", .invalidUTF8),
            ("[1] x", .syntax),
            ("1e999", .syntax),
        ]
    )
    func rejects(input: String, kind: JSONError.Kind) {
        #expect(throws: JSONError.self) { try JSONParser().parse(input) }
        do {
            _ = try JSONParser().parse(input)
        } catch {
            #expect(error.kind == kind, "\(input): \(error)")
        }
    }

    @Test("rejects invalid UTF-8 in strings")
    func invalidUTF8() {
        let bytes: [UInt8] = [0x22, 0xC3, 0x28, 0x22]
        #expect(throws: JSONError.self) { try JSONParser().parse(bytes) }
    }

    @Test("limits nesting depth instead of exhausting the stack")
    func depth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do {
            _ = try JSONParser(maxDepth: 64).parse(deep)
            Issue.record("deep input was accepted")
        } catch {
            #expect(error.kind == .tooDeep)
        }
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONParser(maxDepth: 64).parse(ok) }
    }
}

@Suite("RFC 3339")
struct RFC3339Tests {
    @Test("formats and parses UTC timestamps")
    func roundTrip() {
        #expect(RFC3339.format(millisecondsSinceEpoch: 0) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339.format(millisecondsSinceEpoch: 1_795_253_400_123) == "2026-11-21T09:30:00.123Z")
        #expect(RFC3339.parse("2026-11-21T09:30:00.123Z") == 1_795_253_400_123)
        #expect(RFC3339.parse("2026-11-21T10:30:00.123+01:00") == 1_795_253_400_123)
        #expect(RFC3339.parse("2026-11-21T09:30:00Z") == 1_795_253_400_000)
        #expect(RFC3339.parse("2024-02-29T00:00:00.5Z") == 1_709_164_800_500)
        for millis: Int64 in [-86_400_001, 951_782_400_000, 4_102_444_800_999] {
            #expect(RFC3339.parse(RFC3339.format(millisecondsSinceEpoch: millis)) == millis)
        }
    }

    @Test("formats as Foundation's ISO 8601 formatter does, and parses back, on random instants; parses from bytes as from text")
    func randomInstants() {
        var random = SeededGenerator(seed: 3339)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        for round in 0..<2000 {
            // Years 1970–2200 against Foundation; years 0–9999 round trip (RFC 3339 has four digits).
            let millis = round % 2 == 0
                ? Int64.random(in: 0...7_258_118_400_000, using: &random)
                : Int64.random(in: -62_167_219_200_000...253_402_300_799_999, using: &random)
            let text = RFC3339.format(millisecondsSinceEpoch: millis)
            #expect(RFC3339.parse(text) == millis, "\(text)")
            #expect(Array(text.utf8).withUnsafeBytes { RFC3339.parse($0) } == millis)
            if round % 2 == 0 {
                #expect(text == formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000)), "\(millis)")
            }
        }
    }

    @Test("rejects what is not a timestamp", arguments: ["", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01", "2026-01-01T00:00:00", "2026-01-01T25:00:00Z", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00Zjunk"])
    func rejects(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }
}
