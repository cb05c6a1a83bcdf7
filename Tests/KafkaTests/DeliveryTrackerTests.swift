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

    @Test("a wait for exactly some messages ends with them, whatever else is in flight, and takes only their failures")
    func eachWaitsForItsOwn() {
        var state = DeliveryTracker.State()
        // Two stages interleaved on one producer: 1, 3, 5 are one stage's, 2, 4, 6 the other's.
        var first = DeliveryTracker.Target.each([1, 3, 5], checked: 0)
        state.complete(1, error: nil)
        state.complete(3, error: nil)
        #expect(!state.isDone(updating: &first))
        state.complete(2, error: KafkaError(code: 10, reason: "too large"))
        #expect(!state.isDone(updating: &first))
        state.complete(5, error: nil)
        // 4 and 6 are still in flight: the watermark stands at 3.
        #expect(state.watermark == 3)
        #expect(state.isDone(updating: &first))
        #expect(state.takeFailure(first) == nil)
        #expect(!state.isDone(.each([2, 4, 6], checked: 0)))
        state.complete(4, error: nil)
        state.complete(6, error: KafkaError(code: 2, reason: "corrupt"))
        let second = DeliveryTracker.Target.each([2, 4, 6], checked: 0)
        #expect(state.isDone(second))
        let failure = state.takeFailure(second)
        #expect(failure?.code == 10)
        #expect(failure?.reason.contains("1 more") == true)
        #expect(state.takeFailure(second) == nil)
    }
}
