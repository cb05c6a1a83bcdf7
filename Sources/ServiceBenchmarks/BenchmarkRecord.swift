/// One contestant's figures in one section, as `--json` writes them: the section and the
/// contestant name every record, the other members only where they apply (nil ones are left out).
public struct BenchmarkRecord: Codable, Sendable {
    /// throughput, python, latency, restore or idle.
    public var section: String
    /// What was measured, e.g. "scheduler", "C pass-through (scheduler input)", "maintenanced run".
    public var contestant: String
    /// How it ran: "own process", "in-process", "embedded broker".
    public var setup: String?
    public var instances: Int?
    public var events: Int?
    public var eventsPerSecond: Double?
    /// CPU of the contestant's own process(es) per event.
    public var cpuMicrosecondsPerEvent: Double?
    /// CPU of the broker's process per event in the same span.
    public var brokerCPUMicrosecondsPerEvent: Double?
    /// events/s over the pass-through's on the same input.
    public var shareOfPassThrough: Double?
    /// CPU per event over the pass-through's.
    public var cpuPerEventVsPassThrough: Double?
    /// The median of each repetition's CPU per event over its own pass-through's (`RoleMeasurement.pairedCPURatio`).
    public var cpuPerEventVsPassThroughPaired: Double?
    /// Own CPU per message read or written over the pass-through's (throughput).
    public var cpuPerMessageVsPassThrough: Double?
    /// Messages in the topics read, and messages written, per input event (throughput).
    public var messagesReadPerEvent: Double?
    public var messagesWrittenPerEvent: Double?
    /// CPU per event over the Python baseline's.
    public var cpuPerEventVsPython: Double?
    public var offeredRate: Int?
    public var achievedRate: Double?
    public var p50Milliseconds: Double?
    public var p99Milliseconds: Double?
    public var maxMilliseconds: Double?
    public var toOutputP50Milliseconds: Double?
    public var toOutputP99Milliseconds: Double?
    /// The p99 of the events sent in each whole second of a latency run, in order.
    public var p99BySecondMilliseconds: [Double]?
    /// The contestant's and the broker's CPU in each whole second of a latency run's sending, % of one core.
    public var cpuPercentBySecond: [Double]?
    public var brokerCPUPercentBySecond: [Double]?
    public var trackedServers: Int?
    public var partitions: Int?
    public var changelogMegabytes: Double?
    public var restoreSeconds: Double?
    /// CPU seconds of the restoring instance and of the broker over a restore.
    public var restoreCPUSeconds: Double?
    public var brokerRestoreCPUSeconds: Double?
    public var restoredRecords: Int?
    /// Restore: a graceful stop's seconds, snapshots of the state directory included.
    public var stopSeconds: Double?
    public var statesHeld: Int?
    public var residentGrowthMegabytes: Double?
    public var bytesPerServer: Double?
    /// Idle: the seconds measured, CPU in % of one core, context switches per second, threads.
    public var seconds: Double?
    public var cpuPercent: Double?
    public var wakeupsPerSecond: Double?
    public var threads: Int?
    public var busiestThreads: [ActivityRate.ThreadRate]?
    /// Which targets were met or missed.
    public var verdict: String?
    /// Why the measurement could not be taken.
    public var error: String?

    /// A record of `contestant` in `section`; set the figures that apply.
    public init(section: String, contestant: String, setup: String? = nil) {
        self.section = section
        self.contestant = contestant
        self.setup = setup
    }

    /// The throughput figures of `run`.
    mutating func set(_ run: RoleMeasurement) {
        events = run.events
        eventsPerSecond = run.eventsPerSecond
        cpuMicrosecondsPerEvent = run.cpuMicrosecondsPerEvent
        brokerCPUMicrosecondsPerEvent = run.brokerCPUMicrosecondsPerEvent
        messagesReadPerEvent = run.messagesReadPerEvent
        messagesWrittenPerEvent = run.messagesWrittenPerEvent
    }
}

/// The whole `--json` file.
public struct BenchmarkReport: Codable, Sendable {
    /// When the run started (ISO 8601, UTC).
    public var date: String
    /// The command line's settings, by option name.
    public var settings: [String: String]
    /// The generated input, in words.
    public var input: String?
    /// One record per contestant and section.
    public var results: [BenchmarkRecord]
    /// Why the run stopped before the end, if it did (`results` then holds what was measured until then).
    public var failure: String?
    /// The machine: processors online and the load average (1, 5, 15 min) when the run started.
    public var cores: Int?
    public var loadAverage: String?
    /// The allocator behind malloc in the benchmark's process, which runs the C pass-through
    /// and the in-process sections (`maintenanced` links the same; Python has its own).
    public var allocator: String?
}
