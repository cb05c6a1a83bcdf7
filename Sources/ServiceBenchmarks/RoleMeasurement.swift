/// What one measured run did: events handled, the wall time, and the CPU time of the
/// contestant's own process(es) and of the broker's process in that time.
public struct RoleMeasurement: Sendable {
    /// Input events handled in the timed span.
    public var events: Int
    /// Wall-clock seconds of the timed span.
    public var seconds: Double
    /// CPU seconds of the contestant's own process(es) in the span (every thread of them):
    /// with the broker in its own process, none of it is the broker's.
    public var cpuSeconds: Double
    /// CPU seconds of the broker's process in the span, when it was measured.
    public var brokerCPUSeconds: Double?
    /// Consumer-group rebalances seen by the instances (in-process instances only; 1 per instance when they joined together).
    public var rebalances = 0
    /// Messages in the topics the contestant reads (its input, and for a role also its input
    /// log and its own outputs on topics it reads), per input event, over the whole run.
    public var messagesReadPerEvent: Double?
    /// Messages it wrote (copies, outputs, changelog, dead letters), per input event, over the whole run.
    public var messagesWrittenPerEvent: Double?

    /// Messages read and written per input event, when both were counted: the Kafka work each
    /// event costs, which the pass-through does once each way.
    public var messagesPerEvent: Double? {
        guard let read = messagesReadPerEvent, let written = messagesWrittenPerEvent else { return nil }
        return read + written
    }

    /// Own-process CPU microseconds per message read or written, when they were counted.
    public var cpuMicrosecondsPerMessage: Double? {
        messagesPerEvent.map { $0 > 0 ? cpuMicrosecondsPerEvent / $0 : 0 }
    }

    /// Events per second.
    public var eventsPerSecond: Double { seconds > 0 ? Double(events) / seconds : 0 }
    /// Own-process CPU microseconds per event.
    public var cpuMicrosecondsPerEvent: Double { events > 0 ? cpuSeconds * 1e6 / Double(events) : 0 }
    /// Broker CPU microseconds per event, when measured.
    public var brokerCPUMicrosecondsPerEvent: Double? { brokerCPUSeconds.map { events > 0 ? $0 * 1e6 / Double(events) : 0 } }

    /// A measurement of `events` in `seconds` wall and `cpuSeconds` CPU time.
    public init(events: Int, seconds: Double, cpuSeconds: Double, brokerCPUSeconds: Double? = nil, rebalances: Int = 0) {
        self.events = events
        self.seconds = seconds
        self.cpuSeconds = cpuSeconds
        self.brokerCPUSeconds = brokerCPUSeconds
        self.rebalances = rebalances
    }

    /// The median of `runs`, each figure its own: events/s, own CPU per event, broker CPU per
    /// event and messages read and written per event are each the median of the runs' (an
    /// empty measurement if there are none).
    /// Not one run's figures: a repetition that stalled would bring its CPU with the median
    /// events/s it happened to have, and the CPU columns are the steadier ones.
    /// The median over `pairs` of each run's own CPU per event over its pass-through's: each
    /// run measured seconds after its own pass-through, on the same broker and input, so a
    /// machine whose speed drifts over a benchmark moves both sides of a pair alike (this
    /// machine's speed was seen to halve within an hour). Nil without pairs.
    public static func pairedCPURatio(_ pairs: [(passThrough: RoleMeasurement, run: RoleMeasurement)]) -> Double? {
        let ratios = pairs.map { $0.run.cpuMicrosecondsPerEvent / max($0.passThrough.cpuMicrosecondsPerEvent, 1e-9) }.sorted()
        return ratios.isEmpty ? nil : ratios[ratios.count / 2]
    }

    public static func median(_ runs: [RoleMeasurement]) -> RoleMeasurement {
        func middle(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let byRate = runs.sorted { $0.eventsPerSecond < $1.eventsPerSecond }
        guard !byRate.isEmpty else { return RoleMeasurement(events: 0, seconds: 0, cpuSeconds: 0) }
        var median = byRate[byRate.count / 2]
        guard median.events > 0 else { return median }
        let events = Double(median.events)
        median.cpuSeconds = middle(runs.map(\.cpuMicrosecondsPerEvent)) * events / 1e6
        let broker = runs.compactMap(\.brokerCPUMicrosecondsPerEvent)
        median.brokerCPUSeconds = broker.count == runs.count ? middle(broker) * events / 1e6 : median.brokerCPUSeconds
        let read = runs.compactMap(\.messagesReadPerEvent)
        median.messagesReadPerEvent = read.count == runs.count ? middle(read) : nil
        let written = runs.compactMap(\.messagesWrittenPerEvent)
        median.messagesWrittenPerEvent = written.count == runs.count ? middle(written) : nil
        return median
    }
}
