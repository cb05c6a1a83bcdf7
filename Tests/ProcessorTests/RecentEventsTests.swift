import Events
import Testing

@testable import Processor

/// A key's recent own-event ids: held as 128 bits when UUID-shaped, and written back to the
/// changelog exactly as they were read, whatever their shape.
@Suite("RecentEvents")
struct RecentEventsTests {
    /// The ids as the changelog header gives them back, oldest first.
    static func texts(_ recent: RecentEvents) -> [String] {
        recent.header.split(separator: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The ids remembered in turn, none forgotten.
    static func remembering(_ ids: [String]) -> RecentEvents {
        var recent = RecentEvents()
        for id in ids { recent.remember(id, limit: ids.count) }
        return recent
    }

    static let derived = (0..<20).map { EventID.derive(from: "power.input/3/\($0)#0", role: "power", index: $0 % 3) }

    @Test("ids as EventID derives them are held as UUIDs and come back out byte for byte")
    func uuids() {
        var recent = RecentEvents()
        for id in Self.derived.prefix(5) { recent.remember(id, limit: 16) }
        #expect(recent.ids.allSatisfy { if case .uuid = $0 { true } else { false } })
        #expect(Self.texts(recent) == Array(Self.derived.prefix(5)))
        #expect(String(decoding: recent.header, as: UTF8.self) == Self.derived.prefix(5).joined(separator: ","))
        #expect(recent.contains(Self.derived[2]) && !recent.contains(Self.derived[7]))
        // One digit off, or the same id in upper case, is another id.
        #expect(!recent.contains(String(Self.derived[2].dropLast()) + (Self.derived[2].hasSuffix("0") ? "1" : "0")))
        #expect(!recent.contains(Self.derived[2].uppercased()))
    }

    @Test("any other shape is kept as written: upper case, braces, short, long, empty pieces left out of a header")
    func otherShapes() {
        let ids = ["u-1", Self.derived[0].uppercased(), "{\(Self.derived[1])}", Self.derived[2], String(Self.derived[3].prefix(35)), Self.derived[4] + "0", "ü-ids"]
        let recent = Self.remembering(ids)
        #expect(Self.texts(recent) == ids)
        #expect(recent.ids.filter { if case .uuid = $0 { true } else { false } }.count == 1)
        for id in ids { #expect(recent.contains(id)) }
        let header = recent.header
        #expect(String(decoding: header, as: UTF8.self) == ids.joined(separator: ","))
        #expect(header.withUnsafeBytes { RecentEvents(header: $0) } == recent)
        let gappy = Array(",u-1,,\(Self.derived[2]),".utf8)
        #expect(Self.texts(gappy.withUnsafeBytes { RecentEvents(header: $0) }) == ["u-1", Self.derived[2]])
        #expect([UInt8]().withUnsafeBytes { RecentEvents(header: $0) }.isEmpty)
    }

    @Test("the newest `limit` are kept, oldest first")
    func limit() {
        var recent = RecentEvents()
        for id in Self.derived { recent.remember(id, limit: 16) }
        #expect(Self.texts(recent) == Array(Self.derived.suffix(16)))
        #expect(!recent.contains(Self.derived[3]) && recent.contains(Self.derived[4]))
        recent.remember("text-id", limit: 16)
        #expect(Self.texts(recent) == Array(Self.derived.suffix(15)) + ["text-id"])
    }

    @Test("an id takes 24 bytes in the array instead of a 16-byte String and its heap storage")
    func size() {
        #expect(MemoryLayout<RecentEvents.ID>.stride == 24)
    }
}
