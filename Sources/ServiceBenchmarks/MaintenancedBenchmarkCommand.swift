import ArgumentParser
import Foundation
import Lifecycle

/// `maintenanced-benchmark`: the command line of the service benchmark (BENCHMARKS.md).
public struct MaintenancedBenchmarkCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "maintenanced-benchmark",
        abstract: "Benchmark the roles: throughput against a C pass-through and a Python baseline, latency, restore, and the service at rest.",
        discussion: """
            Every contestant runs in a process of its own against the embedded broker in another \
            (`maintenanced broker`, started afresh for each measurement with the declared topics, \
            every one at --partitions partitions), and its CPU per event is its own process's \
            (/proc/PID/stat), printed beside the broker's. Build both executables first:
              swift build -c release --product maintenanced
              swift build -c release --product maintenanced-benchmark

            Sections (--only, comma-separated; default: all, in this order):

            throughput: A simulated fleet of --servers servers gives each role its input, produced \
            before the clock starts. Per role and repetition: the C pass-through (librdkafka \
            consuming the role's input topics and producing every message unchanged, committing \
            every 500; `maintenanced-benchmark c-passthrough` in its own process), then the role \
            as `maintenanced run --role ROLE --brokers …`, one process (×1) and two processes of \
            one group (×2), timed from the group's first commit to its committed offsets at the \
            end of the input and of its input log. Beside the CPU, the messages each input event \
            costs to read and write (the pass-through: 1 + 1; a role also reads its input log and \
            its own outputs on topics it reads, and writes copies, outputs and changelog; counted \
            over the whole run from the topics' end offsets), and the CPU per such message against \
            the pass-through's. With --in-process also a RoleRunner in the benchmark's own process \
            (labelled in-process). Medians of --repetitions; the CPU against the pass-through \
            also paired: the median of each run's ratio to the pass-through measured just before \
            it, which a machine whose speed drifts moves less.

            python: The maintenance scheduler's rules in plain Python on confluent-kafka \
            (--python), in its own process, on the scheduler's input: what a user might write \
            instead. It does less than the service (no changelog, restore, dead letters, timeouts).

            latency: `maintenanced run --role scheduler` in its own process; the benchmark sends \
            maintenance.requested at each of --latency-rates events/s for --latency-seconds and \
            times each to its first transition on server.transitions (p50, p99, max), with the \
            p99 of each second of sending and the broker's and the scheduler's CPU in it: a \
            latency that climbs through the run, and whose cost grows.

            restore: One scheduler instance (in the benchmark's process, the broker in its \
            own) restores a changelog of each of --state-sizes tracked servers, each record as the \
            service writes it for a server tracked a while (its state, the log offset, the \
            fingerprints of the ids of the last 16 own events it took): restore time, resident memory per server, then \
            throughput on --growth-servers servers' input.

            idle: `maintenanced run` on its embedded broker, and `maintenanced demo` after \
            its fleet settled (--linger), each left alone --idle-settle-seconds and measured for \
            --idle-seconds: CPU % of one core and wake-ups (context switches of every thread, \
            /proc/PID/task/*/status) per second, with the busiest threads.

            codec: Per state type, one changelog value's size, and the time to write and to read it \
            through the changelog codec the runtime uses (in-process, no broker).

            fold: Each role's own work per input event without Kafka, on the simulated fleet's \
            input: the sequencer (pass over or buffer, order, copy into the log) and the fold \
            (decode, check, step, encode outputs, changelog), timed by the thread's CPU clock, \
            with decoding and checking alone beside it (in-process, no broker; the steadiest \
            figure for comparing two builds).

            Progress goes to standard error as it runs; at the end, standard output gets Markdown \
            tables with the targets of issue 19 and their verdicts (missed targets are figures, \
            not failures). --json FILE also writes every figure, one object per contestant and \
            section (one per table row), with the settings and the machine. Timings on a shared \
            machine vary by tens of percent between runs: compare medians, and the CPU columns, \
            which are steadier. Own CPU is the contestant's process(es) only: the roles' from \
            /proc/PID/stat over the timed span, the pass-through's and Python's as they measure it \
            themselves (from their first batch). Broker CPU is the broker process's over the same \
            span (for the pass-through and Python, over the child's whole life: an upper bound).

            Exit codes: 0 every contestant asked for was measured; 1 a measurement failed (the \
            run stops; --json still gets what was measured and why); 3 the run finished, but a \
            contestant could not be measured (the Python baseline without python3 and \
            confluent-kafka, an idle process that did not settle): its row says why; 64 usage \
            error; 69 an executable it needs is not built.
            """
    )

    @Option(
        name: .customLong("only"),
        help: ArgumentHelp("The sections to run, comma-separated: throughput, python, latency, restore, idle, codec, fold.", valueName: "sections"))
    var only: String?

    @Option(help: ArgumentHelp(
        "The roles the throughput and fold sections measure, comma-separated: scheduler, power, update (default: all three).",
        valueName: "roles"))
    var roles: String?

    @Option(help: "Servers of the simulated fleet that gives the throughput and python input.")
    var servers = 3000

    @Option(help: "Partitions of every topic in the throughput, python and latency runs (the restore runs add more when the changelog needs them).")
    var partitions: Int32 = 24

    @Option(help: "Repetitions of each throughput and python measurement; the median is reported.")
    var repetitions = 3

    @Flag(help: "Throughput: also measure each role as a RoleRunner in the benchmark's own process (broker still in its own).")
    var inProcess = false

    @Option(help: ArgumentHelp("Latency: the steady rates to send, events per second, comma-separated.", valueName: "rates"))
    var latencyRates = "1000,10000"

    @Option(help: "Latency: seconds each rate is sent for.")
    var latencySeconds = 5.0

    @Option(help: ArgumentHelp("Restore: tracked-server counts, comma-separated.", valueName: "sizes"))
    var stateSizes = "10000,100000,1000000"

    @Option(help: ArgumentHelp(
        "Restore: the restore threads each size is measured with, side by side, comma-separated (default: 1 and one per core, at most 4).",
        valueName: "threads"))
    var restoreThreads: String?

    @Option(help: "Restore: servers of the simulated input processed after each restore.")
    var growthServers = 1000

    @Option(help: ArgumentHelp("Idle: what to measure at rest, comma-separated: run, demo.", valueName: "targets"))
    var idle = "run,demo"

    @Option(help: "Idle: seconds each process is measured for (e.g. 5 for a smoke test).")
    var idleSeconds = 60.0

    @Option(help: "Idle: seconds each process is left alone first (after it listens, or after the demo's fleet settled).")
    var idleSettleSeconds = 10.0

    @Option(help: "Idle: servers of the demo's fleet.")
    var demoServers = 200

    @Option(help: "Idle: the demo's --speed (how much faster than realistic its world answers).")
    var demoSpeed = 10.0

    @Option(help: ArgumentHelp("The Python baseline script.", valueName: "file"))
    var python = "benchmarks/baselines/scheduler_baseline.py"

    @Option(help: ArgumentHelp("A directory of topic declarations (default: those built into maintenanced).", valueName: "dir"))
    var topicsDir: String?

    @Option(help: ArgumentHelp("The maintenanced executable (default: the one next to this one).", valueName: "path"))
    var maintenanced: String?

    @Option(help: ArgumentHelp("The maintenanced-benchmark executable that runs the C pass-through (default: this one).", valueName: "path"))
    var benchmarkExecutable: String?

    @Option(help: ArgumentHelp("Also write the figures to this file as JSON: one object per contestant and section.", valueName: "file"))
    var json: String?

    public init() {}

    /// The benchmark's settings from the command line.
    public func options() throws -> ServiceBenchmarkOptions {
        var options = ServiceBenchmarkOptions()
        if let only {
            let wanted = Set(Self.list(only))
            guard !wanted.isEmpty, wanted.isSubset(of: ServiceBenchmarkOptions.sections) else {
                throw ValidationError("--only \(only): expected some of \(ServiceBenchmarkOptions.sections.joined(separator: ", "))")
            }
            options.parts = wanted
        }
        if let roles {
            let named = Self.list(roles).map(Role.init(rawValue:))
            guard !named.isEmpty, !named.contains(nil) else {
                throw ValidationError("--roles \(roles): expected some of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.roles = Role.allCases.filter { named.contains($0) }
        }
        let targets = Set(Self.list(idle))
        guard targets.isSubset(of: ServiceBenchmarkOptions.idleTargets) else { throw ValidationError("--idle \(idle): expected run, demo or both") }
        options.idleTargets = targets
        guard servers > 0, partitions > 0, repetitions > 0, growthServers > 0, demoServers > 0 else {
            throw ValidationError("--servers, --partitions, --repetitions, --growth-servers and --demo-servers must be positive")
        }
        guard latencySeconds > 0, idleSeconds > 0, idleSettleSeconds >= 0, demoSpeed > 0 else {
            throw ValidationError("--latency-seconds, --idle-seconds and --demo-speed must be positive, --idle-settle-seconds 0 or more")
        }
        options.servers = servers
        options.partitions = partitions
        options.repetitions = repetitions
        options.inProcess = inProcess
        options.latencyRates = try Self.positive(latencyRates, "--latency-rates")
        options.latencySeconds = latencySeconds
        options.stateSizes = try Self.positive(stateSizes, "--state-sizes")
        if let restoreThreads { options.restoreThreads = try Self.positive(restoreThreads, "--restore-threads") }
        options.growthServers = growthServers
        options.idleSeconds = idleSeconds
        options.idleSettleSeconds = idleSettleSeconds
        options.demoServers = demoServers
        options.demoSpeed = demoSpeed
        options.pythonScript = python
        options.topicsDirectory = topicsDir
        if let maintenanced { options.maintenanced = maintenanced }
        if let benchmarkExecutable { options.benchmarkExecutable = benchmarkExecutable }
        options.jsonPath = json
        return options
    }

    public func validate() throws { _ = try options() }

    /// Exit status: the run finished, but a contestant could not be measured.
    public static let notAllMeasured = ExitCode(3)
    /// Exit status: an executable the run needs is not there (EX_UNAVAILABLE).
    public static let unavailable = ExitCode(69)

    public func run() async throws {
        let benchmark = ServiceBenchmark(options: try options())
        let report: String
        do {
            report = try await benchmark.run()
        } catch let error as BenchmarkError {
            FileHandle.standardError.write(Data("maintenanced-benchmark: \(error)\n".utf8))
            throw error.unavailable ? Self.unavailable : ExitCode.failure
        }
        print(report)
        fflush(nil)
        let missing = benchmark.notMeasured
        if !missing.isEmpty {
            let names = missing.map { "\($0.contestant) (\($0.error ?? "?"))" }.joined(separator: "; ")
            FileHandle.standardError.write(Data("maintenanced-benchmark: not measured: \(names)\n".utf8))
            throw Self.notAllMeasured
        }
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func positive(_ text: String, _ option: String) throws -> [Int] {
        let values = list(text).map { Int($0) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 }) else { throw ValidationError("\(option) \(text): expected positive numbers, e.g. 1000,10000") }
        return values.compactMap { $0 }
    }
}
