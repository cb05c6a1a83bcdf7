import Events

/// The ids of the last events of the service's own roles a key took, oldest first, at most
/// `RoleEngine.recentLimit`: a copy that another role sends again after its restart has the
/// same id, and is recognised instead of answered again.
///
/// Every key of a fleet tracked a while holds the full number, so they are kept small: an
/// id shaped as `EventID` derives them (a lower-case UUID, 8-4-4-4-12) is held as its 128
/// bits, 24 bytes with its tag, where a `String` of it took 80 on the heap plus 16 in the
/// array (BENCHMARKS.md, session 25). Any other id is kept as written. Either way an id
/// comes back out exactly as it went in, for the changelog record (`header`).
struct RecentEvents: Sendable, Hashable {
    /// One id.
    enum ID: Sendable, Hashable {
        /// A lower-case UUID: its first and last 16 hex digits.
        case uuid(UInt64, UInt64)
        /// An id of any other shape.
        case text(String)


        init(text: String) {
            var text = text
            self = text.withUTF8 { bytes in Self(UnsafeRawBufferPointer(bytes)) }
        }

        /// The id spelled by `bytes` (UTF-8; not checked further, as a header's text is not).
        init(_ bytes: UnsafeRawBufferPointer) {
            if let (high, low) = EventID.uuidBits(bytes) {
                self = .uuid(high, low)
            } else {
                self = .text(String(decoding: bytes, as: UTF8.self))
            }
        }

        /// Appends the id's text, as it was read, to `bytes`.
        func write(into bytes: inout [UInt8]) {
            switch self {
            case .text(let text):
                bytes.append(contentsOf: text.utf8)
            case .uuid(let high, let low):
                let start = bytes.count
                bytes.append(contentsOf: repeatElement(0, count: EventID.uuidLength))
                bytes.withUnsafeMutableBufferPointer { buffer in
                    EventID.writeUUID(high: high, low: low, into: UnsafeMutableBufferPointer(rebasing: buffer[start...]))
                }
            }
        }
    }

    /// Oldest first.
    private(set) var ids: [ID] = []

    init() {}

    /// The ids of a changelog record's `mtd-recent` header: comma-separated, oldest first.
    init(header: UnsafeRawBufferPointer) {
        var start = 0
        for index in 0...header.count where index == header.count || header[index] == UInt8(ascii: ",") {
            if index > start { ids.append(ID(UnsafeRawBufferPointer(rebasing: header[start..<index]))) }
            start = index + 1
        }
    }

    var isEmpty: Bool { ids.isEmpty }

    /// Whether `id` is among them.
    func contains(_ id: String) -> Bool {
        ids.isEmpty ? false : ids.contains(ID(text: id))
    }

    /// Keeps `id` as the newest, forgetting the oldest beyond `limit`.
    mutating func remember(_ id: String, limit: Int) {
        ids.append(ID(text: id))
        if ids.count > limit { ids.removeFirst(ids.count - limit) }
    }

    /// The value of a changelog record's `mtd-recent` header: the ids as they were read,
    /// comma-separated, oldest first.
    var header: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * (EventID.uuidLength + 1))
        for (index, id) in ids.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            id.write(into: &bytes)
        }
        return bytes
    }
}
