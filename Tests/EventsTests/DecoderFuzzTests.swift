import MaintenancedTesting
import Testing

@testable import Events

@Suite("Decoder fuzzing")
struct DecoderFuzzTests {
    static let seeds: [UInt64] = [1, 2, 3, 0xDEAD_BEEF]

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
                message.value = rng.mutated(message.value)
            case 1:
                message = structured
                message.value = rng.mutated(message.value)
            case 2:
                message = binary
                let index = Int.random(in: 0..<message.headers.count, using: &rng)
                message.headers[index].value = rng.mutated(message.headers[index].value ?? [])
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
                rejected[error.reason.rawValue, default: 0] += 1
            }
        }
        #expect(decoded + rejected.values.reduce(0, +) == 2500)
        // The mutations must exercise both outcomes, or the test proves nothing.
        #expect(decoded > 0, "seed \(seed)")
        #expect(rejected.count >= 3, "seed \(seed): \(rejected)")
    }
}
