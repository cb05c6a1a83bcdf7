import ServiceBenchmarks
import Testing

/// The per-second p99 tells a latency that climbs through a run (a backlog) from one that spikes.
@Suite("LatencyResult.p99BySecond")
struct LatencyResultTests {
    @Test("each whole second from the earliest send gets the p99 of its own events; the last partial second is left out")
    func bySecond() {
        let second: Int64 = 1_000_000_000
        var samples: [(sent: Int64, latency: Double)] = []
        // Sent from 5 s after the origin: 100 events in each of three seconds, latencies 1…100
        // (+100 in the second second, +200 in the third), then two in a partial fourth second.
        for bucket in 0..<3 {
            for index in 1...100 {
                samples.append((5 * second + Int64(bucket) * second + Int64(index) * 9_000_000, Double(bucket * 100 + index)))
            }
        }
        samples.append((8 * second + 500_000_000, 5000))
        samples.append((8 * second + 900_000_000, 6000))
        samples.shuffle()
        #expect(LatencyResult.p99BySecond(samples) == [99, 199, 299])
    }

    @Test("no samples, or less than a second of them: no seconds")
    func short() {
        #expect(LatencyResult.p99BySecond([]).isEmpty)
        #expect(LatencyResult.p99BySecond([(10, 1), (999_999_999, 2)]).isEmpty)
    }
}
