import Headers
import Testing

@Suite("Headers stored packed, as the role log's bundles keep them")
struct MessageHeadersPackedTests {
    let sample: [MessageHeader] = [
        MessageHeader(name: "ce_id", string: "e-1"),
        MessageHeader(name: "binary", value: [0, 255, 7]),
        MessageHeader(name: "null", value: nil),
        MessageHeader(name: "", value: []),
    ]

    @Test func packedBytesReadBackAsTheSameHeaders() throws {
        for headers in [MessageHeaders(sample), MessageHeaders()] {
            let packed = headers.withPackedBytes { Array($0) }
            let read = try #require(packed.withUnsafeBytes { MessageHeaders(packed: $0) })
            #expect(read == headers)
            #expect(read.count == headers.count)
            #expect(Array(read) == Array(headers))
        }
    }

    @Test("bytes that are not packed headers are refused, never read out of range")
    func brokenBytesAreRefused() {
        let packed = MessageHeaders(sample).withPackedBytes { Array($0) }
        // Every cut short of the whole, but at a header's end, is refused.
        var ends: Set<Int> = [0]
        var running = MessageHeaders()
        for header in sample {
            running.append(header)
            ends.insert(running.withPackedBytes(\.count))
        }
        for cut in 0..<packed.count where !ends.contains(cut) {
            #expect(Array(packed[..<cut]).withUnsafeBytes { MessageHeaders(packed: $0) } == nil, "cut at \(cut)")
        }
        // A name without its NUL, a negative name length, a value length below -1, a value past the end.
        var noNul = packed
        noNul[8 + 5] = UInt8(ascii: "x")
        var negativeName = packed
        negativeName.replaceSubrange(0..<4, with: withUnsafeBytes(of: Int32(-3).littleEndian, Array.init))
        var badValue = packed
        badValue.replaceSubrange(4..<8, with: withUnsafeBytes(of: Int32(-2).littleEndian, Array.init))
        var longValue = packed
        longValue.replaceSubrange(4..<8, with: withUnsafeBytes(of: Int32(1_000).littleEndian, Array.init))
        for broken in [noNul, negativeName, badValue, longValue] {
            #expect(broken.withUnsafeBytes { MessageHeaders(packed: $0) } == nil)
        }
        // Random bytes: refused or read, never a crash.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var bytes = packed
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            if let read = bytes.withUnsafeBytes({ MessageHeaders(packed: $0) }) {
                #expect(read.withPackedBytes { Array($0) } == bytes)
            }
        }
    }
}
