/// What a process did between two looks: CPU share of one core and wake-ups per second, in all and per thread.
public struct ActivityRate: Sendable, Codable {
    /// One thread's rates.
    public struct ThreadRate: Sendable, Codable {
        public var thread: String
        public var wakeupsPerSecond: Double
        public var cpuPercent: Double
    }

    /// Seconds between the looks.
    public var seconds: Double
    /// CPU time over wall time, in % of one core (from /proc/PID/stat: every thread, ended ones included).
    public var cpuPercent: Double
    /// Context switches per second of the threads alive at both looks.
    public var wakeupsPerSecond: Double
    /// Threads alive at the end.
    public var threadCount: Int
    /// The threads that woke most, most first.
    public var busiest: [ThreadRate]

    /// The rates between `before` and `after`, with the `top` busiest threads.
    public init(from before: ProcessUsage, to after: ProcessUsage, top: Int = 8) {
        let duration = after.instant - before.instant
        seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let span = max(seconds, 1e-9)
        cpuPercent = 100 * (after.cpuSeconds - before.cpuSeconds) / span
        var rates: [ThreadRate] = []
        var switches = 0
        for (tid, thread) in after.threads {
            guard let earlier = before.threads[tid] else { continue }
            switches += thread.switches - earlier.switches
            rates.append(ThreadRate(
                thread: "\(thread.name) (\(tid))", wakeupsPerSecond: Double(thread.switches - earlier.switches) / span,
                cpuPercent: 100 * Double(thread.cpuNanoseconds - earlier.cpuNanoseconds) / 1e9 / span))
        }
        wakeupsPerSecond = Double(switches) / span
        threadCount = after.threads.count
        busiest = Array(rates.sorted { ($0.wakeupsPerSecond, $0.cpuPercent) > ($1.wakeupsPerSecond, $1.cpuPercent) }.prefix(top))
    }
}
