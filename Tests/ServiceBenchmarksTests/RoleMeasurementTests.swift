import ServiceBenchmarks
import Testing

/// The reported median takes each figure's own median, so one stalled repetition cannot
/// bring its CPU into the row with the events/s it happened to have.
@Suite("RoleMeasurement.median")
struct RoleMeasurementTests {
    @Test("events/s, own CPU and broker CPU per event are each the median of the runs")
    func eachFigureItsOwnMedian() {
        let runs = [
            // A stall: the median events/s of the three, and by far the most CPU per event.
            RoleMeasurement(events: 1000, seconds: 0.02, cpuSeconds: 0.021, brokerCPUSeconds: 0.002),
            RoleMeasurement(events: 1000, seconds: 0.01, cpuSeconds: 0.013, brokerCPUSeconds: 0.0008),
            RoleMeasurement(events: 1000, seconds: 0.04, cpuSeconds: 0.014, brokerCPUSeconds: 0.001),
        ]
        let median = RoleMeasurement.median(runs)
        #expect(abs(median.eventsPerSecond - 50_000) < 1e-6)
        #expect(abs(median.cpuMicrosecondsPerEvent - 14) < 1e-9)
        #expect(abs((median.brokerCPUMicrosecondsPerEvent ?? 0) - 1) < 1e-9)
        #expect(median.events == 1000)
    }

    @Test("messages read and written per event: each the median of the runs; CPU per message spreads the CPU over them")
    func messages() {
        var runs = [
            RoleMeasurement(events: 1000, seconds: 0.01, cpuSeconds: 0.010),
            RoleMeasurement(events: 1000, seconds: 0.01, cpuSeconds: 0.012),
            RoleMeasurement(events: 1000, seconds: 0.01, cpuSeconds: 0.014),
        ]
        for (index, (read, written)) in [(1.5, 0.5), (1.9, 1.7), (2.0, 0.9)].enumerated() {
            runs[index].messagesReadPerEvent = read
            runs[index].messagesWrittenPerEvent = written
        }
        let median = RoleMeasurement.median(runs)
        #expect(median.messagesReadPerEvent == 1.9 && median.messagesWrittenPerEvent == 0.9)
        #expect(abs((median.messagesPerEvent ?? 0) - 2.8) < 1e-9)
        #expect(abs((median.cpuMicrosecondsPerMessage ?? 0) - 12 / 2.8) < 1e-9)
        // One run without the counts: the median has none, rather than the others'.
        runs[1].messagesWrittenPerEvent = nil
        #expect(RoleMeasurement.median(runs).messagesWrittenPerEvent == nil)
        #expect(RoleMeasurement.median(runs).cpuMicrosecondsPerMessage == nil)
    }

    @Test("no runs: an empty measurement")
    func none() {
        let median = RoleMeasurement.median([])
        #expect(median.events == 0 && median.eventsPerSecond == 0 && median.cpuMicrosecondsPerEvent == 0)
    }

    @Test("paired: the median of each run's CPU per event over its own pass-through's, not the ratio of the medians")
    func paired() {
        func run(_ microseconds: Double) -> RoleMeasurement { RoleMeasurement(events: 1000, seconds: 0.01, cpuSeconds: microseconds / 1000) }
        // The machine slows down over the repetitions: the pairs are 1.8×, 1.9× and 1.7× (median
        // 1.8×), while the ratio of the medians (9.5 µs over 5) is 1.9×.
        let pairs = [(passThrough: run(4), run: run(7.2)), (passThrough: run(5), run: run(9.5)), (passThrough: run(8), run: run(13.6))]
        #expect(abs((RoleMeasurement.pairedCPURatio(pairs) ?? 0) - 1.8) < 1e-9)
        let medians = RoleMeasurement.median(pairs.map(\.run)).cpuMicrosecondsPerEvent / RoleMeasurement.median(pairs.map(\.passThrough)).cpuMicrosecondsPerEvent
        #expect(abs(medians - 1.9) < 1e-9)
        #expect(RoleMeasurement.pairedCPURatio([]) == nil)
    }
}
