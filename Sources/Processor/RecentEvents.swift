import Events

/// The ids of the last events of the service's own roles a key took, oldest first, at most
/// `RoleEngine.recentLimit`: a copy that another role sends again after its restart has the
/// same id, and is recognised instead of answered again.
///
/// Every key of a fleet tracked a while holds the full number, so each id is held as its
/// 64-bit fingerprint (`EventID.fingerprint`): 8 bytes, where its text took 36 (and, as a
/// `String`, 80 on the heap plus 16 in the array). A different id is taken for one of a
/// key's 16 with a chance of about 2⁻⁶⁰ (10⁻¹⁸), one in a billion over a billion events;
/// the ids themselves, derived from log positions by 128-bit hashing, are no more
/// certain to differ. The changelog record carries the fingerprints too (`header`, in
/// `RoleEngine.recentHeader`), and a record of an older build, which carried the ids
/// (`RoleEngine.recentIDsHeader`), restores into them (`init(idHeader:)`).
struct RecentEvents: Sendable, Hashable {
    /// The fingerprints, oldest first.
    private(set) var fingerprints: [UInt64] = []

    init() {}

    /// The fingerprints of a changelog record's `RoleEngine.recentHeader`: 16 hex digits each,
    /// comma-separated, oldest first. A piece that is not 16 hex digits is left out.
    init(header: UnsafeRawBufferPointer) {
        Self.forEachPiece(of: header) { piece in
            guard piece.count == 16 else { return }
            var value: UInt64 = 0
            for byte in piece {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | UInt64(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | UInt64(byte - UInt8(ascii: "a") + 10)
                default: return
                }
            }
            fingerprints.append(value)
        }
    }

    /// The fingerprints of the ids in an older build's changelog header
    /// (`RoleEngine.recentIDsHeader`): the ids themselves, comma-separated, oldest first.
    init(idHeader: UnsafeRawBufferPointer) {
        Self.forEachPiece(of: idHeader) { fingerprints.append(EventID.fingerprint($0)) }
    }

    /// Calls `body` with each non-empty comma-separated piece of `header`.
    private static func forEachPiece(of header: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        for index in 0...header.count where index == header.count || header[index] == UInt8(ascii: ",") {
            if index > start { body(UnsafeRawBufferPointer(rebasing: header[start..<index])) }
            start = index + 1
        }
    }

    var isEmpty: Bool { fingerprints.isEmpty }

    /// Whether `id` is among them.
    func contains(_ id: String) -> Bool {
        fingerprints.isEmpty ? false : fingerprints.contains(EventID.fingerprint(id))
    }

    /// Keeps `id` as the newest, forgetting the oldest beyond `limit`.
    mutating func remember(_ id: String, limit: Int) {
        fingerprints.append(EventID.fingerprint(id))
        if fingerprints.count > limit { fingerprints.removeFirst(fingerprints.count - limit) }
    }

    /// The value of a changelog record's `RoleEngine.recentHeader`: the fingerprints as 16
    /// lower-case hex digits each, comma-separated, oldest first.
    var header: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fingerprints.count * 17)
        for (index, fingerprint) in fingerprints.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            for shift in stride(from: 60, through: 0, by: -4) {
                let nibble = UInt8((fingerprint >> UInt64(shift)) & 0xF)
                bytes.append(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
            }
        }
        return bytes
    }
}
