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

    /// The `fraction` quantile (0…1), milliseconds.
    public func quantile(_ fraction: Double) -> Double {
        guard !latencies.isEmpty else { return 0 }
        let index = Swift.min(latencies.count - 1, Swift.max(0, Int((fraction * Double(latencies.count)).rounded(.up)) - 1))
        return latencies[index]
    }

    /// The median.
    public var p50: Double { quantile(0.5) }
    /// The 99th percentile.
    public var p99: Double { quantile(0.99) }
    /// The largest.
    public var max: Double { latencies.last ?? 0 }
}
