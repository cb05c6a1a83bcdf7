import Headers
import Testing

@Suite struct MessageHeadersTests {
    let sample: [MessageHeader] = [
        MessageHeader(name: "ce_id", string: "e-1"),
        MessageHeader(name: "binary", value: [0, 255, 7]),
        MessageHeader(name: "null", value: nil),
        MessageHeader(name: "empty", value: []),
        MessageHeader(name: "ce_id", string: "second"),
    ]

    @Test func keepsEveryHeaderInOrder() {
        let headers = MessageHeaders(sample)
        #expect(headers.count == 5)
        #expect(Array(headers) == sample)
        #expect(headers == MessageHeaders(sample))
        #expect(headers != MessageHeaders(sample.reversed()))
    }

    @Test func readsInPlace() {
        let headers = MessageHeaders(sample)
        var seen: [(String, [UInt8]?)] = []
        headers.forEach { name, value in seen.append((String(decoding: name, as: UTF8.self), value.map { Array($0) })) }
        #expect(seen.map(\.0) == sample.map(\.name))
        #expect(seen.map(\.1) == sample.map(\.value))
        // The first of a repeated name; a header without value and a missing one both give nil.
        #expect(headers.withValue(named: "ce_id") { $0.map { Array($0) } } == Array("e-1".utf8))
        #expect(headers.withValue(named: "null") { $0 == nil })
        #expect(headers.withValue(named: "absent") { $0 == nil })
        #expect(headers.withValue(named: "empty") { $0?.count } == 0)
        #expect(headers.string(named: "ce_id") == "e-1")
        #expect(headers.string(named: "binary") == nil, "not UTF-8")
        #expect(headers.value(named: "binary") == [0, 255, 7])
    }

    @Test func lendsNamesAsCStrings() {
        var names: [String] = []
        MessageHeaders(sample).withUnsafeRawHeaders({ _, name, _ in names.append(String(cString: name)) }, then: {})
        #expect(names == sample.map(\.name))
    }

    @Test func changes() {
        var headers = MessageHeaders(sample)
        headers += [MessageHeader(name: "mtd-time", string: "1"), MessageHeader(name: "mtd-tick", string: "1")]
        #expect(headers.count == 7)
        headers.removeAll(namePrefix: "mtd-")
        #expect(Array(headers) == sample)
        headers.removeAll { $0.name == "ce_id" }
        #expect(headers.map(\.name) == ["binary", "null", "empty"])
        headers[1] = MessageHeader(name: "x", string: "y")
        #expect(headers[1] == MessageHeader(name: "x", string: "y") && headers.count == 3)
        headers.remove(at: 0)
        #expect(headers.map(\.name) == ["x", "empty"])
        #expect(MessageHeaders().isEmpty && Array(MessageHeaders()).isEmpty)
    }

    /// Random headers, names and values of any bytes but NUL in names (Kafka's names are C strings).
    @Test func roundTripsRandomHeaders() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let headers = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                MessageHeader(
                    name: String(decoding: (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 1...127, using: &generator) }, as: UTF8.self),
                    value: Bool.random(using: &generator) ? nil : (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            }
            let packed = MessageHeaders(headers)
            #expect(Array(packed) == headers)
            #expect(packed.count == headers.count)
            var count = 0
            packed.forEach { name, value in
                #expect(String(decoding: name, as: UTF8.self) == headers[count].name && value.map { Array($0) } == headers[count].value)
                count += 1
            }
            #expect(count == headers.count)
        }
    }
}
