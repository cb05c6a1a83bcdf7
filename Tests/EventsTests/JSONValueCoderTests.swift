import Events
import Foundation
import Testing

@Suite("JSONValueEncoder and JSONValueDecoder")
struct JSONValueCoderTests {
    enum Phase: String, Codable, Hashable { case idle, busy }

    enum Step: Codable, Hashable {
        case wait(until: Int64)
        case run(String, attempts: Int)
        case done
    }

    struct Sample: Codable, Hashable {
        var name: String
        var phase: Phase
        var steps: [Step]
        var optional: Int?
        var nested: [[Int32]]
        var byName: [String: Int]
        var byNumber: [Int: String]
        var byPhase: [Phase: Bool]
        var set: Set<String>
        var flag: Bool
        var unsigned: UInt64
        var small: Int8
        var ratio: Double
        var text: String?
    }

    static let sample = Sample(
        name: "srv \"1\" / ü \u{1}", phase: .busy, steps: [.wait(until: -5), .run("fw", attempts: 2), .done], optional: nil,
        nested: [[], [1, -2, .max]], byName: ["a": 1, "b": 2], byNumber: [3: "three", -1: "minus"], byPhase: [.idle: true],
        set: ["x"], flag: false, unsigned: UInt64(Int64.max), small: -128, ratio: 0.25, text: "t")

    @Test("a value round-trips, and Foundation reads what it writes and writes what it reads")
    func roundTrip() throws {
        let ours = try JSONValueEncoder().encodeBytes(Self.sample)
        #expect(try JSONValueDecoder().decode(Sample.self, from: ours) == Self.sample)
        #expect(try JSONDecoder().decode(Sample.self, from: Data(ours)) == Self.sample)
        let foundation = Array(try JSONEncoder().encode(Self.sample))
        #expect(try JSONValueDecoder().decode(Sample.self, from: foundation) == Self.sample)
        #expect(try JSONParser().parse(ours).sortingMembers == JSONParser().parse(foundation).sortingMembers)
    }

    @Test("absent optionals are left out, as Foundation does")
    func optionalsOmitted() throws {
        let value = try JSONValueEncoder().encode(Self.sample)
        #expect(value["optional"] == nil)
        #expect(value["text"] == .string("t"))
    }

    @Test("top-level primitives and arrays")
    func topLevel() throws {
        #expect(try JSONValueEncoder().encode(42) == .int(42))
        #expect(try JSONValueEncoder().encode("x") == .string("x"))
        #expect(try JSONValueEncoder().encode([true, false]) == .array([.bool(true), .bool(false)]))
        #expect(try JSONValueDecoder().decode([Int?].self, from: Array("[1,null,3]".utf8)) == [1, nil, 3])
    }

    @Test("an integer beyond Int64 cannot be encoded")
    func unsignedOverflow() {
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(UInt64.max) }
    }

    @Test("errors name the member and what was found")
    func errors() throws {
        struct Wrapper: Codable { var items: [Sample] }
        let good = try JSONValueEncoder().encode(Wrapper(items: [Self.sample]))
        guard case .object(var root) = good, case .array(var items)? = root["items"], case .object(var item) = items[0] else {
            Issue.record("unexpected shape \(good)")
            return
        }
        item["flag"] = .string("no")
        items[0] = .object(item)
        root["items"] = .array(items)
        do {
            _ = try JSONValueDecoder().decode(Wrapper.self, from: .object(root))
            Issue.record("a string decoded as Bool")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["items", "Index 0", "flag"])
            #expect(context.debugDescription.contains("string"))
        }
        item["flag"] = nil
        items[0] = .object(item)
        root["items"] = .array(items)
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Wrapper.self, from: .object(root)) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Int8.self, from: .int(300)) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Sample.self, from: Array("{".utf8)) }
    }
}
