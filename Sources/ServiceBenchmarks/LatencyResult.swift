/// End-to-end latencies of one steady-rate run, in milliseconds.
public struct LatencyResult: Sendable {
    /// The offered rate, events per second.
    public var rate: Int
    /// Events sent (each answered by a transition).
    public var events: Int
    /// The rate actually sent, events per second.
    public var achievedRate: Double
    /// Sorted latencies, milliseconds.
    public var latencies: [Double]
    /// Sorted times from the send to the transition's creation by the instance (its record's
    /// timestamp), milliseconds at wall-clock millisecond resolution: the part spent before
    /// the output is handed to the producer; the rest is its delivery and the reader's fetch.
    public var toOutput: [Double] = []
    /// The p99 of the events sent in each whole second of the run, in order, milliseconds:
    /// whether the latency climbs through the run (a backlog) or spikes (stalls).
    public var p99BySecond: [Double] = []
    /// The broker's and the scheduler's CPU in each whole second of sending, % of one core:
    /// whose cost grows when the latency climbs.
    public var brokerCPUBySecond: [Double] = []
    public var schedulerCPUBySecond: [Double] = []

    /// The `fraction` quantile (0…1), milliseconds.
    public func quantile(_ fraction: Double) -> Double { Self.quantile(fraction, of: latencies) }

    /// The `fraction` quantile (0…1) of sorted `values`.
    public static func quantile(_ fraction: Double, of values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let index = Swift.min(values.count - 1, Swift.max(0, Int((fraction * Double(values.count)).rounded(.up)) - 1))
        return values[index]
    }

    /// The median.
    public var p50: Double { quantile(0.5) }
    /// The 99th percentile.
    public var p99: Double { quantile(0.99) }
    /// The largest.
    public var max: Double { latencies.last ?? 0 }

    /// The p99 of each whole second of `samples` (send time in nanoseconds from any origin,
    /// latency in milliseconds), counted from the earliest send; a last partial second is left out.
    public static func p99BySecond(_ samples: [(sent: Int64, latency: Double)]) -> [Double] {
        guard let start = samples.map(\.sent).min(), let end = samples.map(\.sent).max() else { return [] }
        let seconds = Int((end - start) / 1_000_000_000)
        var buckets = Array(repeating: [Double](), count: seconds)
        for sample in samples {
            let second = Int((sample.sent - start) / 1_000_000_000)
            if second < seconds { buckets[second].append(sample.latency) }
        }
        return buckets.map { quantile(0.99, of: $0.sorted()) }
    }
}
