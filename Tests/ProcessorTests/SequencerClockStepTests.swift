import Contracts
import Events
import Processor
import Testing

/// Found by an independent tester (time and order), now held by `Sequencer.observe`: the sequencer measured its bounded wait (`maxIdle`) with the
/// wall clock it stamps records with. The runner passes `wallClockMilliseconds()`, which an NTP
/// step (or a VM resumed with a stale clock, then corrected) can move back. Records' times never
/// go back (`stamp`), as documented; but the wait that "holds the others back for at most
/// `maxIdle`" then lasts `maxIdle` plus the step: a partition waiting for a lagging source is held
/// for as long as the clock went back (an hour's step: an hour). Ticks stop the same way
/// (`now - lastTick` is negative until the clock is back where it was).
@Suite("The sequencer's bounded wait is bounded in elapsed time, also when the wall clock steps back")
struct SequencerClockStepTests {
    static let lifecycle = "server.lifecycle"
    static let requests = "maintenance.requests"

    @Test("a request held for a lagging source goes on maxIdle of elapsed time after its wait began, though the wall clock stepped back 60 s meanwhile")
    func waitAfterClockStepsBack() {
        var sequencer = Sequencer(
            sourceTopics: [Self.lifecycle, Self.requests], tickedTopics: [],
            settings: Sequencer.Settings(tickInterval: 1_000, maxIdle: 2_000))
        sequencer.assigned(topic: Self.lifecycle, partition: 0, position: 0, at: 0)
        sequencer.assigned(topic: Self.requests, partition: 0, position: 0, at: 0)
        // The lifecycle topic holds a record its broker does not hand out (a lagging leader).
        let ends = [Self.lifecycle: Int64(1), Self.requests: Int64(1)]
        func round(at now: Int64) -> Int {
            for ask in sequencer.endsToAsk(at: now) {
                if let end = ends[ask.topic] { sequencer.ended(topic: ask.topic, partition: ask.partition, offset: end) }
            }
            return sequencer.drain(at: now).reduce(0) { $0 + $1.bundle.records.count }
        }
        let start: Int64 = 1_000_000
        sequencer.received(
            topic: Self.requests, partition: 0, offset: 0, timestamp: start,
            message: EventMessage(key: Array("server-1".utf8), value: Array("request".utf8), headers: []))
        #expect(round(at: start) == 0, "held: the lifecycle topic has a record unread")
        // Half a second later the wall clock is stepped back 60 s; rounds go on every 500 ms.
        var appended = 0
        var elapsed: Int64 = 500
        while elapsed <= 4_000, appended == 0 {
            appended = round(at: start - 60_000 + elapsed)
            elapsed += 500
        }
        #expect(appended == 1, "after 4 s of elapsed time (maxIdle 2 s) the request still waits")
    }

    @Test("ticks go on every tickInterval of elapsed time after the wall clock stepped back 60 s")
    func ticksAfterClockStepsBack() {
        var sequencer = Sequencer(sourceTopics: [Self.lifecycle], tickedTopics: [Self.lifecycle], settings: Sequencer.Settings(tickInterval: 1_000, maxIdle: 2_000))
        let start: Int64 = 1_000_000
        sequencer.assigned(topic: Self.lifecycle, partition: 0, position: 0, at: start)
        func ticks(at now: Int64) -> Int {
            for ask in sequencer.endsToAsk(at: now) { sequencer.ended(topic: ask.topic, partition: ask.partition, offset: 0) }
            return sequencer.drain(at: now).reduce(0) { count, append in
                count + append.bundle.records.count { if case .tick = $0 { true } else { false } }
            }
        }
        var appended = 0
        var elapsed: Int64 = 0
        while elapsed <= 5_000 {
            // The clock steps back 60 s after 500 ms.
            appended += ticks(at: start + elapsed - (elapsed >= 500 ? 60_000 : 0))
            elapsed += 250
        }
        #expect(appended >= 4, "ticks in 5 s of elapsed time at one a second: \(appended)")
    }
}
