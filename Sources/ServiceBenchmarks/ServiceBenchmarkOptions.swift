/// The settings of a `maintenanced-benchmark` run.
public struct ServiceBenchmarkOptions: Sendable {
    /// The parts to run: throughput, python, latency, restore.
    public var parts: Set<String> = ["throughput", "python", "latency", "restore"]
    /// Servers of the fleet simulation that generates the throughput input.
    public var servers = 3000
    /// Partitions of every topic in the throughput and latency runs.
    public var partitions: Int32 = 24
    /// Repetitions of each throughput measurement (the median is reported).
    public var repetitions = 3
    /// Steady rates of the latency runs, events per second.
    public var latencyRates = [1000, 10000]
    /// Seconds each latency run sends for.
    public var latencySeconds = 5.0
    /// Tracked-server counts of the restore and growth runs.
    public var stateSizes = [10_000, 100_000, 1_000_000]
    /// Servers of the simulation whose input is processed after each restore.
    public var growthServers = 1000
    /// The Python baseline script.
    public var pythonScript = "benchmarks/baselines/scheduler_baseline.py"
    /// A directory of topic declarations; nil for those built into the binary.
    public var topicsDirectory: String?

    /// The defaults.
    public init() {}

    /// Parses `--servers N --partitions P --repetitions R --latency-rates 1000,10000 --latency-seconds S
    /// --state-sizes 10000,… --growth-servers N --python FILE --topics-dir DIR --only part,…`.
    public init(arguments: [String]) throws {
        var iterator = arguments.makeIterator()
        func ints(_ text: String) throws -> [Int] {
            let values = text.split(separator: ",").compactMap { Int($0) }
            guard !values.isEmpty, values.allSatisfy({ $0 > 0 }) else { throw BenchmarkError("expected positive numbers, got \(text)") }
            return values
        }
        while let name = iterator.next() {
            guard let value = iterator.next() else { throw BenchmarkError("\(name) needs a value; \(Self.usage)") }
            switch name {
            case "--servers": servers = try ints(value)[0]
            case "--partitions": partitions = Int32(try ints(value)[0])
            case "--repetitions": repetitions = try ints(value)[0]
            case "--latency-rates": latencyRates = try ints(value)
            case "--latency-seconds":
                guard let seconds = Double(value), seconds > 0 else { throw BenchmarkError("--latency-seconds: \(value)") }
                latencySeconds = seconds
            case "--state-sizes": stateSizes = try ints(value)
            case "--growth-servers": growthServers = try ints(value)[0]
            case "--python": pythonScript = value
            case "--topics-dir": topicsDirectory = value
            case "--only":
                let wanted = Set(value.split(separator: ",").map(String.init))
                guard wanted.isSubset(of: ["throughput", "python", "latency", "restore"]) else { throw BenchmarkError("--only: \(Self.usage)") }
                parts = wanted
            default: throw BenchmarkError("unknown option \(name); \(Self.usage)")
            }
        }
    }

    /// The command line synopsis.
    public static let usage = "usage: maintenanced-benchmark [--servers N] [--partitions P] [--repetitions R] [--latency-rates R1,R2] "
        + "[--latency-seconds S] [--state-sizes N1,N2,…] [--growth-servers N] [--python FILE] [--topics-dir DIR] "
        + "[--only throughput,python,latency,restore]"
}
