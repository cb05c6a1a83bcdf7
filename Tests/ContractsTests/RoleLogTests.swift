@testable import Contracts
import Events
import Testing

@Suite struct RoleLogTests {
    /// The log's numbers are read in the headers' buffer; they must read as `Int64(_:)` reads text.
    @Test func readsNumbersAsInt64Does() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789-+ x".utf8)
        var samples = ["0", "-0", "+7", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "", "-", "+", "1-2"]
        for _ in 0..<5_000 {
            samples.append(String(decoding: (0..<Int.random(in: 0...21, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }, as: UTF8.self))
        }
        for text in samples {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBytes { RoleLog.integer($0) } == Int64(text), "\(text)")
        }
    }

    @Test func copiesAndReadsBackItsRecords() throws {
        let original = EventMessage(key: Array("server-1".utf8), value: Array("{}".utf8), headers: [MessageHeader(name: "ce_id", string: "e-1")])
        let copy = RoleLog.copy(original, topic: "server.lifecycle", partition: 7, offset: 1_234_567_890_123, time: 1_764_806_400_000)
        #expect(RoleLog.record(copy) == .event(topic: "server.lifecycle", partition: 7, offset: 1_234_567_890_123, message: copy, time: 1_764_806_400_000))
        #expect(RoleLog.original(copy) == original)
        #expect(RoleLog.record(RoleLog.tick(time: 42)) == .tick(time: 42))
        #expect(RoleLog.record(original) == nil)
        var partial = copy
        partial.headers.removeAll { $0.name == "mtd-source-offset" }
        #expect(RoleLog.record(partial) == nil, "a copy without its source offset is not a record")
    }
}
