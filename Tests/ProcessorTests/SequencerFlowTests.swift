import Events
import Processor
import Testing

/// What waits is bounded per source partition: one with more messages waiting than the
/// limit is paused, and fetched again once at most half the limit waits.
@Suite("The sequencer pauses a source partition that has too much waiting")
struct SequencerFlowTests {
    static let lifecycle = SequencerTests.lifecycle
    static let requests = SequencerTests.requests

    static func sequencer(limit: Int) -> Sequencer {
        var sequencer = Sequencer(
            sourceTopics: [lifecycle, requests], tickedTopics: [],
            settings: Sequencer.Settings(tickInterval: 1_000, maxIdle: 60_000, bufferLimit: limit))
        sequencer.assigned(topic: lifecycle, partition: 0, position: 0, at: 0)
        sequencer.assigned(topic: requests, partition: 0, position: 0, at: 0)
        return sequencer
    }

    /// Receives requests at offsets `offsets`, each with the time 10 × (offset + 1).
    static func receiveRequests(_ offsets: Range<Int64>, into sequencer: inout Sequencer) {
        for offset in offsets {
            sequencer.received(topic: requests, partition: 0, offset: offset, timestamp: 10 * (offset + 1), message: SequencerTests.message("r\(offset)"))
        }
    }

    static func names(_ list: [(topic: String, partition: Int32)]) -> [String] { list.map { "\($0.topic)[\($0.partition)]" } }

    @Test("above the limit a source is paused once; the lagging source it waits for never is; it resumes when enough has drained")
    func pausedAboveTheLimitResumedWhenDrained() {
        var sequencer = Self.sequencer(limit: 10)
        // The lifecycle topic holds a record (time 5) not read yet: every request waits for it.
        let ends = [Self.lifecycle: Int64(1), Self.requests: Int64(11)]
        Self.receiveRequests(0..<10, into: &sequencer)
        #expect(SequencerTests.drain(&sequencer, at: 200) { ends[$0] }.isEmpty)
        #expect(sequencer.takeFlowChanges().isEmpty, "10 waiting is the limit, not above it")
        Self.receiveRequests(10..<11, into: &sequencer)
        #expect(SequencerTests.drain(&sequencer, at: 210) { ends[$0] }.isEmpty)
        let flow = sequencer.takeFlowChanges()
        #expect(Self.names(flow.pause) == ["\(Self.requests)[0]"])
        #expect(flow.resume.isEmpty)
        #expect(sequencer.pausedCount == 1)
        #expect(sequencer.takeFlowChanges().isEmpty, "paused once, not again")

        // The lagging record is read: everything goes, in event-time order, and the source resumes.
        sequencer.received(topic: Self.lifecycle, partition: 0, offset: 0, timestamp: 5, message: SequencerTests.message("claim"))
        let appended = SequencerTests.names(SequencerTests.drain(&sequencer, at: 220) { ends[$0] })
        #expect(appended == ["\(Self.lifecycle)@0"] + (0..<11).map { "\(Self.requests)@\($0)" })
        #expect(Self.names(sequencer.takeFlowChanges().resume) == ["\(Self.requests)[0]"])
        #expect(sequencer.pausedCount == 0)
        #expect(sequencer.pendingCount == 0)
    }

    @Test("a paused source stays paused while more than half the limit waits, and resumes at half", arguments: [(55, false), (65, true)])
    func resumedAtHalf(claimTime: Int64, resumes: Bool) {
        var sequencer = Self.sequencer(limit: 10)
        // The lifecycle topic holds two records not read yet.
        let ends = [Self.lifecycle: Int64(2), Self.requests: Int64(11)]
        Self.receiveRequests(0..<11, into: &sequencer)
        #expect(SequencerTests.drain(&sequencer, at: 200) { ends[$0] }.isEmpty)
        #expect(sequencer.takeFlowChanges().pause.count == 1)
        // The first is read: the requests before it go, the rest wait for the second
        // (55: five go and six wait; 65: six go and five, half the limit, wait).
        sequencer.received(topic: Self.lifecycle, partition: 0, offset: 0, timestamp: claimTime, message: SequencerTests.message("claim"))
        let appended = SequencerTests.entries(SequencerTests.drain(&sequencer, at: 210) { ends[$0] })
        #expect(appended.count == (resumes ? 7 : 6))
        #expect(sequencer.pendingCount == (resumes ? 5 : 6))
        let flow = sequencer.takeFlowChanges()
        #expect(Self.names(flow.resume) == (resumes ? ["\(Self.requests)[0]"] : []))
        #expect(flow.pause.isEmpty)
        #expect(sequencer.pausedCount == (resumes ? 0 : 1))
    }

    @Test("a revoked source is no longer paused, and nothing is resumed for it (its consumer lets the hold go with the partition)")
    func revokedForgetsThePause() {
        var sequencer = Self.sequencer(limit: 3)
        Self.receiveRequests(0..<5, into: &sequencer)
        #expect(SequencerTests.drain(&sequencer, at: 200) { $0 == Self.lifecycle ? 1 : 5 }.isEmpty)
        #expect(sequencer.takeFlowChanges().pause.count == 1)
        sequencer.revoked(topic: Self.requests, partition: 0)
        #expect(sequencer.pausedCount == 0)
        #expect(sequencer.takeFlowChanges().isEmpty)
        sequencer.assigned(topic: Self.requests, partition: 0, position: 0, at: 300)
        #expect(sequencer.pausedCount == 0)
        #expect(sequencer.takeFlowChanges().isEmpty)
    }
}
