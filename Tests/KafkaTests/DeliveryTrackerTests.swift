import Testing

@testable import Kafka

@Suite("Delivery tracking by sequence number")
struct DeliveryTrackerTests {
    @Test("the watermark advances only over contiguous reports, whatever their order, past the ring's first size")
    func outOfOrderReports() {
        var state = DeliveryTracker.State()
        var order = Array(UInt64(1)...200_000)
        // Partition-like interleaving: 16 streams each in order, streams reported one after another.
        order = (0..<16).flatMap { stream in order.filter { $0 % 16 == UInt64(stream) } }
        for (index, sequence) in order.enumerated() {
            state.complete(sequence, error: nil)
            if index == 100_000 {
                #expect(state.watermark < 200_000)
                #expect(state.isDone(.exactly(sequence)))
                #expect(!state.isDone(.upTo(200_000)))
            }
        }
        #expect(state.watermark == 200_000)
        #expect(state.isDone(.upTo(200_000)))
    }

    @Test("a failure is reported once, to the first waiter whose range covers it")
    func failuresReportedOnce() {
        var state = DeliveryTracker.State()
        state.complete(1, error: nil)
        state.complete(2, error: KafkaError(code: 10, reason: "too large"))
        state.complete(3, error: nil)
        #expect(state.takeFailure(.upTo(1)) == nil)
        #expect(state.takeFailure(.upTo(3))?.code == 10)
        #expect(state.takeFailure(.upTo(3)) == nil)
    }
}
