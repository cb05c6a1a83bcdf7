extension SeededGenerator {
    /// `bytes` with one to four random faults: a flipped bit, a cut tail, an inserted
    /// byte that JSON and UTF-8 care about, a repeated run, or a random byte appended.
    /// For fuzzing readers of messages.
    public mutating func mutated(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &self) {
            switch Int.random(in: 0..<5, using: &self) {
            case 0 where !bytes.isEmpty:
                bytes[Int.random(in: 0..<bytes.count, using: &self)] ^= UInt8(1 << Int.random(in: 0..<8, using: &self))
            case 1 where !bytes.isEmpty:
                bytes.removeSubrange(Int.random(in: 0..<bytes.count, using: &self)...)
            case 2:
                let interesting: [UInt8] = Array("{}[]\",:\\u0nulltrue-1e9".utf8) + [0x00, 0xFF, 0xC3, 0xED, 0xA0]
                bytes.insert(interesting.randomElement(using: &self)!, at: Int.random(in: 0...bytes.count, using: &self))
            case 3 where !bytes.isEmpty:
                let index = Int.random(in: 0..<bytes.count, using: &self)
                bytes.insert(contentsOf: bytes[index...].prefix(8), at: index)
            default:
                bytes.append(UInt8.random(in: 0...255, using: &self))
            }
        }
        return bytes
    }
}
