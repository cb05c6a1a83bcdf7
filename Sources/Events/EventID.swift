/// Deterministic ids for output events.
///
/// An output's id is a function of the input event that caused it, the role that
/// handled it and the output's position among that input's outputs. A replayed
/// input (after a crash between produce and commit) therefore yields events with
/// the same ids, so consumers recognise duplicates.
public enum EventID {
    /// A UUID-shaped id derived from `inputID`, `role` and `index`.
    public static func derive(from inputID: String, role: String, index: Int) -> String {
        var first = FNV1a(seed: 0xcbf2_9ce4_8422_2325)
        var second = FNV1a(seed: 0x8422_2325_cbf2_9ce4)
        for part in [role, inputID, String(index)] {
            first.combine(part)
            second.combine(part)
        }
        return uuidString(high: mix(first.value), low: mix(second.value))
    }

    /// SplitMix64's finalizer: spreads FNV's weak last-byte differences over all bits.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func uuidString(high: UInt64, low: UInt64) -> String {
        // RFC 9562 version 8 (custom) with the variant bits set.
        let high = (high & ~0xF000) | 0x8000
        let low = (low & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        let hex = hexDigits(high, 16) + hexDigits(low, 16)
        let characters = Array(hex)
        return String(characters[0..<8]) + "-" + String(characters[8..<12]) + "-" + String(characters[12..<16]) + "-"
            + String(characters[16..<20]) + "-" + String(characters[20..<32])
    }

    private static func hexDigits(_ value: UInt64, _ width: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: width - text.count) + text
    }

    private struct FNV1a {
        var value: UInt64
        init(seed: UInt64) { value = seed }
        mutating func combine(_ text: String) {
            for byte in text.utf8 {
                value ^= UInt64(byte)
                value &*= 0x0000_0100_0000_01B3
            }
            // A separator, so ("ab","c") and ("a","bc") differ.
            value ^= 0xFF
            value &*= 0x0000_0100_0000_01B3
        }
    }
}
