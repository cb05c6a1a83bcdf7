import MaintenancedTesting
import Testing

@testable import Events

@Suite("Decoder fuzzing")
struct DecoderFuzzTests {
    static let seeds: [UInt64] = [1, 2, 3, 0xDEAD_BEEF]

    static func mutate(_ bytes: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            switch Int.random(in: 0..<5, using: &rng) {
            case 0 where !bytes.isEmpty:
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
            case 1 where !bytes.isEmpty:
                bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &rng)...)
            case 2:
                let interesting: [UInt8] = Array("{}[]\",:\\u0nulltrue-1e9".utf8) + [0x00, 0xFF, 0xC3, 0xED, 0xA0]
                bytes.insert(interesting.randomElement(using: &rng)!, at: Int.random(in: 0...bytes.count, using: &rng))
            case 3 where !bytes.isEmpty:
                let index = Int.random(in: 0..<bytes.count, using: &rng)
                bytes.insert(contentsOf: bytes[index...].prefix(8), at: index)
            default:
                bytes.append(UInt8.random(in: 0...255, using: &rng))
            }
        }
        return bytes
    }

    @Test("thousands of random and mutated messages never crash the decoder", arguments: seeds)
    func fuzz(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let codec = CloudEventCodec(maxValueBytes: 4096, maxDepth: 16)
        let sample = CloudEvent(
            id: "id-1", source: "/fuzz", type: "dev.maintenanced.maintenance.requested", subject: "server-1", time: 1000,
            data: ["server": "server-1", "type": "BIOSUpdate", "priority": 2, "nested": ["a": [1, 2.5, nil, true]]]
        )
        let binary = codec.encode(sample, key: "server-1")
        let structured = codec.encodeStructured(sample, key: "server-1")
        var decoded = 0
        var rejected: [String: Int] = [:]
        for iteration in 0..<2500 {
            var message: EventMessage
            switch iteration % 4 {
            case 0:
                message = binary
                message.value = Self.mutate(message.value, using: &rng)
            case 1:
                message = structured
                message.value = Self.mutate(message.value, using: &rng)
            case 2:
                message = binary
                let index = Int.random(in: 0..<message.headers.count, using: &rng)
                message.headers[index].value = Self.mutate(message.headers[index].value ?? [], using: &rng)
                if Bool.random(using: &rng) { message.headers.remove(at: Int.random(in: 0..<message.headers.count, using: &rng)) }
            default:
                let count = Int.random(in: 0..<64, using: &rng)
                message = EventMessage(key: nil, value: (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }, headers: [])
            }
            do {
                let event = try codec.decode(message)
                #expect(!event.id.isEmpty && !event.source.isEmpty && !event.type.isEmpty)
                decoded += 1
            } catch {
                rejected[error.reason, default: 0] += 1
            }
        }
        #expect(decoded + rejected.values.reduce(0, +) == 2500)
        // The mutations must exercise both outcomes, or the test proves nothing.
        #expect(decoded > 0, "seed \(seed)")
        #expect(rejected.count >= 3, "seed \(seed): \(rejected)")
    }
}
