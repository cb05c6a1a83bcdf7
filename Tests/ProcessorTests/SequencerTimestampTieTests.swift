import Contracts
import Events
import Processor
import Testing

/// Found by an independent tester (time and order), now held by `TopicName.tieOrder`: Kafka timestamps have millisecond resolution, and on a broker
/// that acknowledges in under a millisecond a claim produced and acknowledged before a maintenance
/// request often carries the request's very timestamp. The sequencer breaks ties by the sorted
/// topic names, so `maintenance.requests` goes before `server.lifecycle`: the request is folded
/// first, against RUNTIME.md ("an event that was produced, and acknowledged, before another was
/// produced is appended first, whatever the fetches did").
///
/// Seen against `maintenanced run` (embedded broker): 40 servers, each a `server.claimed`
/// (okToMaintenance false) produced and flushed, then at once a `maintenance.requested`: 25 of
/// 40 requests were appended before their claim (all in the same bundle, equal timestamps). With
/// policy owner-approval, 8 of 12 such servers went into maintenance with power desired off
/// without the owner's approval (`isApproved` is true while no claim is known); the servers whose
/// claim came first were `reserved`, waiting for approval as they should. With 5 ms between the
/// two: 0 of 40 reversed.
@Suite("Events of two topics with the same timestamp keep the order they were produced in")
struct SequencerTimestampTieTests {
    @Test("a claim read before a request with the same millisecond timestamp is appended before it")
    func claimBeforeRequestInTheSameMillisecond() {
        let lifecycle = TopicName.serverLifecycle
        let requests = TopicName.maintenanceRequests
        var sequencer = Sequencer(
            sourceTopics: [lifecycle, requests], tickedTopics: [], settings: Sequencer.Settings(tickInterval: 1_000, maxIdle: 10_000))
        sequencer.assigned(topic: lifecycle, partition: 0, position: 0, at: 0)
        sequencer.assigned(topic: requests, partition: 0, position: 0, at: 0)
        func message(_ name: String) -> EventMessage { EventMessage(key: Array("server-1".utf8), value: Array(name.utf8), headers: []) }
        // Produced in this order, acknowledged in between, stamped in the same millisecond.
        sequencer.received(topic: lifecycle, partition: 0, offset: 0, timestamp: 1_000, message: message("claim"))
        sequencer.received(topic: requests, partition: 0, offset: 0, timestamp: 1_000, message: message("request"))
        for ask in sequencer.endsToAsk(at: 1_010) { sequencer.ended(topic: ask.topic, partition: ask.partition, offset: 1) }
        let order = sequencer.drain(at: 1_010).flatMap(\.bundle.records).compactMap { record -> String? in
            guard case let .event(topic, _, _, _, _) = record else { return nil }
            return topic
        }
        #expect(order == [lifecycle, requests], "the request went first")
    }
}

@Suite("The order of topics on a tie in time")
struct TieOrderTests {
    @Test("each role's sources go reports first, requests last; a topic the order does not name goes after, by name")
    func rolesSources() {
        #expect(TopicName.tieOrder.firstIndex(of: TopicName.serverLifecycle)! < TopicName.tieOrder.firstIndex(of: TopicName.maintenanceRequests)!)
        #expect(TopicName.precedesOnTie(TopicName.maintenanceRequests, "zz.other") && TopicName.precedesOnTie("aa.other", "zz.other"))
        #expect(!TopicName.precedesOnTie(TopicName.serverLifecycle, TopicName.serverLifecycle))
    }
}
