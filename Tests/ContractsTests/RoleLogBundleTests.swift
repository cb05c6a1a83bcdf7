@testable import Contracts
import Events
import MaintenancedTesting
import Testing

@Suite("The role log's bundles: a round's copies and tick in one record")
struct RoleLogBundleTests {
    static func randomRecords(_ generator: inout some RandomNumberGenerator) -> [RoleLog.Record] {
        let topics = ["server.lifecycle", "maintenance.requests", "server.transitions", "t"]
        return (0..<Int.random(in: 1...12, using: &generator)).map { _ in
            let time = Int64.random(in: Int64.min...Int64.max, using: &generator)
            guard Int.random(in: 0..<4, using: &generator) > 0 else { return .tick(time: time) }
            if Int.random(in: 0..<6, using: &generator) == 0 {
                return .restart(
                    topic: topics.randomElement(using: &generator)!, partition: Int32.random(in: 0...Int32.max, using: &generator),
                    offset: Int64.random(in: 0...Int64.max, using: &generator), timestamp: Int64.random(in: Int64.min...Int64.max, using: &generator), time: time)
            }
            let key: [UInt8]? = Bool.random(using: &generator) ? nil : (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let value = (0..<Int.random(in: 0...300, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var headers = MessageHeaders()
            for index in 0..<Int.random(in: 0...12, using: &generator) {
                headers.append(name: "h\(index)", value: Bool.random(using: &generator) ? nil : Array("v\(index)".utf8))
            }
            // A producer's own mtd- header is data in a bundle: kept as it was.
            if Bool.random(using: &generator) { headers.append(name: "mtd-copy", string: "0/0/0/forged") }
            return .event(
                topic: topics.randomElement(using: &generator)!, partition: Int32.random(in: 0...Int32.max, using: &generator),
                offset: Int64.random(in: Int64.min...Int64.max, using: &generator), message: EventMessage(key: key, value: value, headers: headers), time: time)
        }
    }

    static func bundle(_ records: [RoleLog.Record]) -> RoleLog.Bundle {
        var bundle = RoleLog.Bundle()
        for record in records { bundle.append(record) }
        return bundle
    }

    @Test("random copies, ticks and restarts read back as written, in order; the sizes add up to the value's")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_000 {
            let records = Self.randomRecords(&generator)
            let bundle = Self.bundle(records)
            #expect(bundle.records == records)
            #expect(bundle.byteCount == records.reduce(0) { $0 + RoleLog.Bundle.byteCount(of: $1) })
            #expect(bundle.message.value.count == bundle.byteCount)
            #expect(bundle.message.key == nil)
            #expect(RoleLog.contents(bundle.message) == .bundle(records))
        }
    }

    @Test("a broken bundle, or one of another version, is not a record of the log: never a crash")
    func brokenBundles() {
        var generator = SystemRandomNumberGenerator()
        let records = [RoleLog.Record.tick(time: 5)] + Self.randomRecords(&generator).filter { if case .event = $0 { true } else { false } }
        let message = Self.bundle(records).message
        // Cut anywhere but at an entry's end: not a bundle.
        var ends: Set<Int> = []
        var running = 0
        for record in records {
            running += RoleLog.Bundle.byteCount(of: record)
            ends.insert(running)
        }
        for cut in 0..<message.value.count where !ends.contains(cut) {
            var cutShort = message
            cutShort.value = Array(message.value[..<cut])
            #expect(RoleLog.contents(cutShort) == nil, "cut at \(cut)")
        }
        var unknownKind = message
        unknownKind.value[0] = 7
        var otherVersion = message
        otherVersion.headers = [MessageHeader(name: "mtd-bundle", string: "2")]
        #expect(RoleLog.contents(unknownKind) == nil)
        #expect(RoleLog.contents(otherVersion) == nil)
        #expect(RoleLog.contents(EventMessage(key: nil, value: [], headers: [MessageHeader(name: "mtd-bundle", string: "1")])) == nil, "an empty bundle")
        for _ in 0..<3_000 {
            var bytes = message.value
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            var mangled = message
            mangled.value = bytes
            _ = RoleLog.contents(mangled)
        }
    }

    @Test("records written before bundles still read, each as one record")
    func unbundledRecordsStillRead() {
        let original = EventMessage(key: Array("server-1".utf8), value: Array("{}".utf8), headers: [MessageHeader(name: "ce_id", string: "e-1")])
        let copy = RoleLog.copy(original, topic: "server.lifecycle", partition: 7, offset: 12, time: 1_764_806_400_000)
        #expect(RoleLog.contents(copy) == .single(.event(topic: "server.lifecycle", partition: 7, offset: 12, message: copy, time: 1_764_806_400_000)))
        #expect(RoleLog.contents(RoleLog.tick(time: 42)) == .single(.tick(time: 42)))
        #expect(RoleLog.contents(original) == nil, "an event without the log's headers")
    }
}
