import Events
import Testing

@testable import Processor

/// A key's recent own-event ids, held and written as 64-bit fingerprints; an older build's
/// changelog header, which carried the ids, read into the same.
@Suite("RecentEvents")
struct RecentEventsTests {
    static let derived = (0..<20).map { EventID.derive(from: "power.input/3/\($0)#0", role: "power", index: $0 % 3) }

    /// The fingerprints as the changelog header gives them back, oldest first.
    static func pieces(_ recent: RecentEvents) -> [String] {
        recent.header.split(separator: UInt8(ascii: ",")).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("ids of any shape are recognised, and nothing else: one digit off, another case, a prefix")
    func recognised() {
        let ids = ["u-1", Self.derived[0], Self.derived[1].uppercased(), "{\(Self.derived[2])}", "ü-ids", ""]
        var recent = RecentEvents()
        for id in ids { recent.remember(id, limit: 16) }
        for id in ids { #expect(recent.contains(id)) }
        let derived = Self.derived[0]
        #expect(!recent.contains(String(derived.dropLast()) + (derived.hasSuffix("0") ? "1" : "0")))
        #expect(!recent.contains(derived.uppercased()))
        #expect(!recent.contains(String(derived.prefix(35))))
        #expect(!recent.contains("u-2") && !recent.contains(Self.derived[5]))
    }

    @Test("the header: 16 lower-case hex digits per id, oldest first, read back to the same")
    func header() {
        var recent = RecentEvents()
        for id in Self.derived.prefix(5) { recent.remember(id, limit: 16) }
        let pieces = Self.pieces(recent)
        #expect(pieces.count == 5)
        #expect(pieces.allSatisfy { $0.count == 16 && $0.allSatisfy { "0123456789abcdef".contains($0) } })
        #expect(pieces.map { UInt64($0, radix: 16) } == Self.derived.prefix(5).map { EventID.fingerprint($0) })
        #expect(recent.header.withUnsafeBytes { RecentEvents(header: $0) } == recent)
        #expect([UInt8]().withUnsafeBytes { RecentEvents(header: $0) }.isEmpty)
    }

    @Test("a piece of the header that is not 16 hex digits is left out")
    func malformedPieces() {
        let good = String(EventID.fingerprint("u-1"), radix: 16)
        let padded = String(repeating: "0", count: 16 - good.count) + good
        let header = Array(",\(padded),,0123,\(padded.uppercased()),\(padded)0,zzzzzzzzzzzzzzzz,\(padded),".utf8)
        let recent = header.withUnsafeBytes { RecentEvents(header: $0) }
        // Upper-case hex is not what the header is written with: it counts only if it has no letters.
        let valid = padded == padded.uppercased() ? 3 : 2
        #expect(recent.fingerprints == Array(repeating: EventID.fingerprint("u-1"), count: valid))
        #expect(recent.contains("u-1"))
    }

    @Test("an older build's header of ids restores into their fingerprints, empty pieces left out")
    func idHeader() {
        let ids = ["u-1", Self.derived[2], "ü-ids"]
        let header = Array(",\(ids.joined(separator: ",,")),".utf8)
        let recent = header.withUnsafeBytes { RecentEvents(idHeader: $0) }
        #expect(recent.fingerprints == ids.map { EventID.fingerprint($0) })
        for id in ids { #expect(recent.contains(id)) }
    }

    @Test("the newest `limit` are kept, oldest first")
    func limit() {
        var recent = RecentEvents()
        for id in Self.derived { recent.remember(id, limit: 16) }
        #expect(recent.fingerprints == Self.derived.suffix(16).map { EventID.fingerprint($0) })
        #expect(!recent.contains(Self.derived[3]) && recent.contains(Self.derived[4]))
        recent.remember("text-id", limit: 16)
        #expect(recent.fingerprints == Self.derived.suffix(15).map { EventID.fingerprint($0) } + [EventID.fingerprint("text-id")])
    }

    @Test("a fingerprint is the same for an id's text and its bytes, and differs between the 20 000 ids of 1 000 inputs")
    func fingerprints() {
        var seen = Set<UInt64>()
        for input in 0..<1_000 {
            let derivation = EventID.Derivation(from: "scheduler.input/\(input % 12)/\(input)#0", role: "scheduler")
            for index in 0..<20 {
                let id = derivation.id(index: index)
                let fromBytes = Array(id.utf8).withUnsafeBytes { EventID.fingerprint($0) }
                #expect(fromBytes == EventID.fingerprint(id))
                seen.insert(fromBytes)
            }
        }
        #expect(seen.count == 20_000)
    }
}
