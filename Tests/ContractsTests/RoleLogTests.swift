@testable import Contracts
import Events
import MaintenancedTesting
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
        // One header of the log's own.
        #expect(copy.headers.filter { $0.name.hasPrefix("mtd-") }.map(\.name) == ["mtd-copy"])
        #expect(copy.headers.string(named: "mtd-copy") == "7/1234567890123/1764806400000/server.lifecycle")
        for broken in ["7/1/2", "x/1/2/t", "7/1/2/", "", "1//2/t", "4294967296/1/2/t", "1/2/3"] {
            var bad = original
            bad.headers.append(name: "mtd-copy", string: broken)
            #expect(RoleLog.record(bad) == nil, "\(broken)")
        }
    }

    @Test("copies written before mtd-copy, with four headers, are still read")
    func readsTheOldFormat() {
        let original = EventMessage(key: Array("server-1".utf8), value: Array("{}".utf8), headers: [MessageHeader(name: "ce_id", string: "e-1")])
        var old = original
        old.headers.append(name: "mtd-source-topic", string: "power.events")
        old.headers.append(name: "mtd-source-partition", string: "3")
        old.headers.append(name: "mtd-source-offset", string: "99")
        old.headers.append(name: "mtd-time", string: "1764806400000")
        #expect(RoleLog.record(old) == .event(topic: "power.events", partition: 3, offset: 99, message: old, time: 1_764_806_400_000))
        #expect(RoleLog.original(old) == original)
        var partial = old
        partial.headers.removeAll { $0.name == "mtd-source-offset" }
        #expect(RoleLog.record(partial) == nil, "a copy without its source offset is not a record")
    }

    @Test("random positions, times and topic names round trip through a copy")
    func randomCopies() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        for _ in 0..<2_000 {
            let topic = String((0..<Int.random(in: 1...249, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let partition = Int32.random(in: 0...Int32.max, using: &generator)
            let offset = Int64.random(in: 0...Int64.max, using: &generator)
            let time = Int64.random(in: Int64.min...Int64.max, using: &generator)
            let message = EventMessage(key: nil, value: [], headers: [])
            let copy = RoleLog.copy(message, topic: topic, partition: partition, offset: offset, time: time)
            #expect(RoleLog.record(copy) == .event(topic: topic, partition: partition, offset: offset, message: copy, time: time))
            #expect(copy.headers.string(named: "mtd-copy") == "\(partition)/\(offset)/\(time)/\(topic)")
        }
    }
}
