/// What one measured run did: events handled, the wall time and the process CPU time it took.
public struct RoleMeasurement: Sendable {
    /// Input events handled in the timed span.
    public var events: Int
    /// Wall-clock seconds of the timed span.
    public var seconds: Double
    /// CPU seconds of the whole process (every thread, the broker's included) in the span.
    public var cpuSeconds: Double
    /// Consumer-group rebalances seen by the instances (1 per instance when they joined together).
    public var rebalances = 0

    /// Events per second.
    public var eventsPerSecond: Double { seconds > 0 ? Double(events) / seconds : 0 }
    /// Process CPU microseconds per event.
    public var cpuMicrosecondsPerEvent: Double { events > 0 ? cpuSeconds * 1e6 / Double(events) : 0 }

    /// A measurement of `events` in `seconds` wall and `cpuSeconds` CPU time.
    public init(events: Int, seconds: Double, cpuSeconds: Double, rebalances: Int = 0) {
        self.events = events
        self.seconds = seconds
        self.cpuSeconds = cpuSeconds
        self.rebalances = rebalances
    }
}
