import Foundation
import Lifecycle
import Processor

/// The settings of a `maintenanced-benchmark` run (`MaintenancedBenchmarkCommand` parses them).
public struct ServiceBenchmarkOptions: Sendable {
    /// The sections, in the order they run.
    public static let sections = ["throughput", "python", "latency", "restore", "idle", "codec", "fold"]
    /// What `idle` measures.
    public static let idleTargets = ["run", "demo"]

    /// The sections to run.
    public var parts: Set<String> = Set(sections)
    /// The roles the throughput and fold sections measure, in `Role.allCases` order.
    public var roles: [Role] = Role.allCases
    /// Servers of the fleet simulation that generates the throughput input.
    public var servers = 3000
    /// Partitions of every topic in the throughput and latency runs.
    public var partitions: Int32 = 24
    /// Repetitions of each throughput measurement (the median is reported).
    public var repetitions = 3
    /// Also measure each role as `RoleRunner`s in the benchmark's own process (labelled "in-process").
    public var inProcess = false
    /// Steady rates of the latency runs, events per second.
    public var latencyRates = [1000, 10000]
    /// Seconds each latency run sends for.
    public var latencySeconds = 5.0
    /// Tracked-server counts of the restore and growth runs.
    public var stateSizes = [10_000, 100_000, 1_000_000]
    /// The restore threads each size is measured with, side by side.
    public var restoreThreads = [1, RoleRunner.defaultRestoreThreads]
    /// Servers of the simulation whose input is processed after each restore.
    public var growthServers = 1000
    /// What the idle section measures: `run`, `demo`.
    public var idleTargets: Set<String> = Set(idleTargets)
    /// Seconds each idle process is measured for.
    public var idleSeconds = 60.0
    /// Seconds an idle process is left alone before it is measured (after it listens, or its fleet settled).
    public var idleSettleSeconds = 10.0
    /// Servers of the idle demo's fleet.
    public var demoServers = 200
    /// The idle demo's `--speed`.
    public var demoSpeed = 10.0
    /// The Python baseline script.
    public var pythonScript = "benchmarks/baselines/scheduler_baseline.py"
    /// A directory of topic declarations; nil for those built into the binary.
    public var topicsDirectory: String?
    /// The `maintenanced` executable: the broker, the role instances and the idle service.
    public var maintenanced = ServiceBenchmarkOptions.sibling("maintenanced")
    /// The `maintenanced-benchmark` executable, whose `c-passthrough` runs the pass-through in a process of its own.
    public var benchmarkExecutable = ServiceBenchmarkOptions.sibling("maintenanced-benchmark")
    /// Where to write the figures as JSON, if anywhere.
    public var jsonPath: String?

    /// The defaults.
    public init() {}

    /// An executable named `name` in the folder of the running one (the build folder of both).
    public static func sibling(_ name: String) -> String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent(name).path
    }
}
