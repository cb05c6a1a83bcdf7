import Contracts
import Events
@testable import Processor
import Testing

@Suite("The sequencer appends a round's records for a partition in bundles")
struct SequencerBundleTests {
    static let lifecycle = SequencerTests.lifecycle
    static let requests = SequencerTests.requests

    static func sequencer(bundleLimit: Int) -> Sequencer {
        var sequencer = Sequencer(
            sourceTopics: [lifecycle, requests], tickedTopics: [lifecycle, requests],
            settings: Sequencer.Settings(tickInterval: 1_000, maxIdle: 2_000, bundleLimit: bundleLimit))
        for partition: Int32 in [0, 1] {
            sequencer.assigned(topic: lifecycle, partition: partition, position: 0, at: 0)
            sequencer.assigned(topic: requests, partition: partition, position: 0, at: 0)
        }
        return sequencer
    }

    static func message(_ size: Int) -> EventMessage { EventMessage(key: Array("server-1".utf8), value: Array(repeating: 7, count: size), headers: []) }

    @Test("one bundle per partition and round, copies in their order and the tick last")
    func onePerPartition() {
        var sequencer = Self.sequencer(bundleLimit: RoleLog.bundleLimit)
        for offset in 0..<5 {
            sequencer.received(topic: Self.requests, partition: 0, offset: Int64(offset), timestamp: 10 + 2 * Int64(offset), message: Self.message(10))
            sequencer.received(topic: Self.requests, partition: 1, offset: Int64(offset), timestamp: 10, message: Self.message(10))
        }
        sequencer.received(topic: Self.lifecycle, partition: 0, offset: 0, timestamp: 13, message: Self.message(10))
        // Partition 0's lifecycle source holds one record, partition 1's none; each requests source five.
        for ask in sequencer.endsToAsk(at: 1_000) {
            sequencer.ended(topic: ask.topic, partition: ask.partition, offset: ask.topic == Self.lifecycle ? (ask.partition == 0 ? 1 : 0) : 5)
        }
        let appends = sequencer.drain(at: 1_000)
        #expect(appends.map(\.partition) == [0, 1])
        #expect(SequencerTests.names([appends[0]]) == ["\(Self.requests)@0", "\(Self.requests)@1", "\(Self.lifecycle)@0", "\(Self.requests)@2", "\(Self.requests)@3", "\(Self.requests)@4", "tick"])
        #expect(SequencerTests.names([appends[1]]) == (0..<5).map { "\(Self.requests)@\($0)" } + ["tick"])
    }

    @Test("a round's records beyond the limit go into further bundles, in order; a record larger than the limit goes alone", arguments: [100, 250, 1_000])
    func splitAtTheLimit(limit: Int) {
        var sequencer = Self.sequencer(bundleLimit: limit)
        let sizes = [10, 60, 5, 400, 30, 30, 30, 0, 90]
        for (offset, size) in sizes.enumerated() {
            sequencer.received(topic: Self.requests, partition: 0, offset: Int64(offset), timestamp: 10, message: Self.message(size))
        }
        let appends = SequencerTests.drain(&sequencer, at: 500) { $0 == Self.lifecycle ? 0 : Int64(sizes.count) }
        #expect(SequencerTests.names(appends) == sizes.indices.map { "\(Self.requests)@\($0)" }, "every copy once, in order")
        for append in appends {
            #expect(append.bundle.byteCount <= limit || append.bundle.records.count == 1, "\(append.bundle.byteCount) bytes in \(append.bundle.records.count) records")
        }
        // Each bundle is as full as the limit lets it: the next one's first record did not fit.
        for (bundle, next) in zip(appends, appends.dropFirst()) {
            #expect(bundle.bundle.byteCount + RoleLog.Bundle.byteCount(of: next.bundle.records[0]) > limit)
        }
        #expect(appends.count > 1 || limit >= 1_000)
    }
}
