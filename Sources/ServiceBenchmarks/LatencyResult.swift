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
}
