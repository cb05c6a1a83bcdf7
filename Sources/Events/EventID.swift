/// Deterministic ids for output events.
///
/// An output's id is a function of the input that caused it (its log position: topic,
/// partition and offset), the role that handled it and the output's place among that
/// input's outputs. A replayed input (after a crash between produce and commit) yields
/// the same ids, so consumers recognise duplicates; two copies of one event at two
/// positions get answers with ids of their own.
public enum EventID {
    /// A UUID-shaped id derived from `inputID` (the input's position), `role` and `index`.
    public static func derive(from inputID: String, role: String, index: Int) -> String {
        Derivation(from: inputID, role: role).id(index: index)
    }

    /// The ids of one input's outputs: the input and the role hashed once, each output's
    /// index after them (`derive(from:role:index:)` for each index, without hashing the
    /// same prefix again for every output).
    public struct Derivation: Sendable {
        private let first: FNV1a
        private let second: FNV1a

        public init(from inputID: String, role: String) {
            var first = FNV1a(seed: 0xcbf2_9ce4_8422_2325)
            var second = FNV1a(seed: 0x8422_2325_cbf2_9ce4)
            first.combine(role)
            second.combine(role)
            first.combine(inputID)
            second.combine(inputID)
            (self.first, self.second) = (first, second)
        }

        /// The id of the output at `index` among the input's outputs.
        public func id(index: Int) -> String {
            var (first, second) = (self.first, self.second)
            let position = String(index)
            first.combine(position)
            second.combine(position)
            return uuidString(high: mix(first.value), low: mix(second.value))
        }
    }

    /// SplitMix64's finalizer: spreads FNV's weak last-byte differences over all bits.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func uuidString(high: UInt64, low: UInt64) -> String {
        // RFC 9562 version 8 (custom) with the variant bits set.
        let high = (high & ~0xF000) | 0x8000
        let low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        // Written in place (a hot path: one id per output event).
        return String(unsafeUninitializedCapacity: uuidLength) { buffer in
            writeUUID(high: high, low: low, into: buffer)
            return uuidLength
        }
    }

    /// The length of a UUID's text: 8-4-4-4-12 hex digits.
    static let uuidLength = 36

    /// Writes the UUID whose first and last 16 hex digits are `high` and `low` as its text,
    /// 8-4-4-4-12 lower-case hex digits, into the first `uuidLength` bytes of `buffer`.
    static func writeUUID(high: UInt64, low: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>) {
        let digits = JSONWriter.hexDigits
        var position = 0
        func write(_ value: UInt64, nibbles: Int) {
            for shift in stride(from: (nibbles - 1) * 4, through: 0, by: -4) {
                buffer[position] = digits[Int((value >> UInt64(shift)) & 0xF)]
                position += 1
            }
        }
        func dash() {
            buffer[position] = UInt8(ascii: "-")
            position += 1
        }
        write(high >> 32, nibbles: 8)
        dash()
        write(high >> 16, nibbles: 4)
        dash()
        write(high, nibbles: 4)
        dash()
        write(low >> 48, nibbles: 4)
        dash()
        write(low, nibbles: 12)
    }

    /// A 64-bit fingerprint of an event id's text (FNV-1a, then SplitMix64's finalizer): what
    /// a key keeps of the ids of the service's own events it took (the processor's
    /// `RecentEvents`), a quarter of the text's 36 bytes. Two different ids share one with a
    /// chance of about 2⁻⁶⁴.
    public static func fingerprint(_ text: UnsafeRawBufferPointer) -> UInt64 {
        var hash = FNV1a(seed: 0xcbf2_9ce4_8422_2325)
        hash.combine(bytes: text)
        return mix(hash.value)
    }

    /// `fingerprint(_:)` of `id`'s UTF-8.
    public static func fingerprint(_ id: String) -> UInt64 {
        var id = id
        return id.withUTF8 { fingerprint(UnsafeRawBufferPointer($0)) }
    }

    private struct FNV1a: Sendable {
        var value: UInt64
        init(seed: UInt64) { value = seed }
        mutating func combine(bytes: UnsafeRawBufferPointer) {
            for byte in bytes {
                value ^= UInt64(byte)
                value &*= 0x0000_0100_0000_01B3
            }
        }
        mutating func combine(_ text: String) {
            var text = text
            text.withUTF8 { combine(bytes: UnsafeRawBufferPointer($0)) }
            // A separator, so ("ab","c") and ("a","bc") differ.
            value ^= 0xFF
            value &*= 0x0000_0100_0000_01B3
        }
    }
}
