import Allocator
import Contracts
import Foundation
import Lifecycle
import Logging
import Synchronization

/// The service benchmark: each role against a raw librdkafka pass-through and a Python
/// baseline, end-to-end latency, restore time and memory, and the service at rest; returns
/// Markdown tables with the targets of issue 19, saying which are met and which are missed,
/// and writes the figures as JSON when asked (`options.jsonPath`). Progress goes to
/// `progress` as it runs (standard error in the command).
///
/// Every throughput and latency contestant is a process of its own against the broker in
/// another process (`maintenanced broker`), and its CPU per event is its own process's.
public struct ServiceBenchmark {
    /// The settings.
    public var options: ServiceBenchmarkOptions
    /// Where progress lines go as the run goes (standard error in the command).
    public var progress: @Sendable (String) -> Void
    let logger: Logger
    private let records = Records()

    /// A benchmark with `options`, telling its progress through `progress`.
    public init(options: ServiceBenchmarkOptions, progress: @escaping @Sendable (String) -> Void = ServiceBenchmark.standardErrorProgress()) {
        self.options = options
        self.progress = progress
        var logger = Logger(label: "maintenanced-benchmark")
        logger.logLevel = .critical
        self.logger = logger
    }

    /// The targets of issue 19 (and issue 8's that stay).
    public enum Target {
        /// Each role's events/s over the pass-through's, at least.
        public static let shareOfPassThrough = 0.5
        /// Each role's own-process CPU per event over the pass-through's, at most.
        public static let cpuOverPassThrough = 2.0
        /// Each role's own-process CPU per event over the Python baseline's, at most (the goal is 1/10).
        public static let cpuOverPython = 1.0 / 3
        /// p99 latency at 1k events/s, milliseconds.
        public static let p99AtOneThousand = 20.0
        /// p99 latency at 10k requests/s, milliseconds.
        public static let p99AtTenThousand = 50.0
        /// Restore of 1M servers, seconds.
        public static let restoreOfMillion = 10.0
        /// Resident bytes per tracked server.
        public static let bytesPerServer = 1024.0
        /// CPU at rest, % of one core.
        public static let idleCPUPercent = 1.0
    }

    /// The records of a run, collected as the sections go, and the input they were measured on.
    final class Records: Sendable {
        let list = Mutex<[BenchmarkRecord]>([])
        let inputSummary = Mutex<String?>(nil)
        let machine = Mutex<(cores: Int, load: String?)>((0, nil))
        func append(_ record: BenchmarkRecord) { list.withLock { $0.append(record) } }
        var all: [BenchmarkRecord] { list.withLock { $0 } }
    }

    /// The figures so far, one record per contestant and section.
    public var results: [BenchmarkRecord] { records.all }

    /// The contestants that could not be measured (their records carry the reason in `error`).
    public var notMeasured: [BenchmarkRecord] { records.all.filter { $0.error != nil } }

    /// Progress lines to standard error, each after the seconds since the run started.
    public static func standardErrorProgress() -> @Sendable (String) -> Void {
        let start = ContinuousClock.now
        return { line in
            let elapsed = (ContinuousClock.now - start).seconds
            FileHandle.standardError.write(Data("[\(String(format: "%6.1f", elapsed)) s] \(line)\n".utf8))
        }
    }

    /// Runs the sections `options` names and returns the report (Markdown tables); writes the
    /// JSON file if `options.jsonPath` is set, also when a measurement fails (with what was
    /// measured until then and the failure). A contestant that cannot be measured (the Python
    /// baseline without Python or confluent-kafka, an idle process that does not settle) is in
    /// the tables and `notMeasured` with the reason; a failed measurement of the others throws.
    @discardableResult
    public func run() async throws -> String {
        let date = ISO8601DateFormatter().string(from: Date())
        let load = ProcessUsage.read("/proc/loadavg").map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
        records.machine.withLock { $0 = (ProcessInfo.processInfo.activeProcessorCount, load) }
        progress("maintenanced-benchmark: \(Self.ordered(options.parts).joined(separator: ", ")) on \(ProcessInfo.processInfo.activeProcessorCount) cores, "
            + "load average \(load ?? "?"), malloc: \(MemoryAllocator.current)")
        try checkExecutables()
        let text: String
        do {
            text = try await runSections()
        } catch {
            if let path = options.jsonPath {
                try? writeJSON(to: path, date: date, failure: "\(error)")
                progress("failed; the figures measured so far written to \(path)")
            }
            throw error
        }
        if let path = options.jsonPath {
            try writeJSON(to: path, date: date)
            progress("figures written to \(path)")
        }
        return text
    }

    func runSections() async throws -> String {
        var report: [String] = []
        let startTime = Int64(Date().timeIntervalSince1970 * 1000) - 3_600_000
        var simulation: FleetSimulation?
        if !options.parts.isDisjoint(with: ["throughput", "python", "restore", "fold"]) {
            progress("simulating \(options.servers) servers on \(options.partitions) partitions…")
            let simulated = try FleetSimulation(servers: options.servers, partitions: options.partitions, startTime: startTime)
            var summary = "Input: a simulated fleet of \(options.servers) servers (\(simulated.records.count) events in \(simulated.rounds) rounds, "
            summary += Role.allCases.map { "\($0.rawValue) \(simulated.input(of: $0).count) events, \(simulated.rejections[$0] ?? 0) rejected" }
                .joined(separator: "; ")
            summary += "; \(simulated.deadLetters) dead letters), \(options.partitions) partitions per topic."
            progress(summary)
            report.append(summary)
            records.inputSummary.withLock { $0 = summary }
            guard simulated.deadLetters == 0 else { throw BenchmarkError("the generated input has \(simulated.deadLetters) dead letters") }
            simulation = simulated
        }
        var python: RoleMeasurement?
        if options.parts.contains("python"), let simulation {
            python = try await measurePython(simulation.input(of: .scheduler))
        }
        if options.parts.contains("throughput"), let simulation {
            report.append(try await throughputTable(simulation, python: python))
        } else if options.parts.contains("python") {
            report.append(try pythonOnlyTable(python, events: simulation?.input(of: .scheduler).count ?? 0))
        }
        if options.parts.contains("latency") {
            report.append(try await latencyTable())
        }
        if options.parts.contains("restore"), let simulation {
            report.append(try await restoreTable(templates: simulation, startTime: startTime))
        }
        if options.parts.contains("idle") {
            report.append(try await idleTable())
        }
        if options.parts.contains("codec") {
            report.append(try codecTable())
        }
        if options.parts.contains("fold"), let simulation {
            report.append(try foldTable(simulation))
        }
        return report.joined(separator: "\n\n")
    }

    /// Fails early, with what to build, when an executable a section needs is missing.
    func checkExecutables() throws {
        var needed: [(String, String)] = []
        if !options.parts.isDisjoint(with: ["throughput", "python", "latency", "restore", "idle"]) {
            needed.append((options.maintenanced, "swift build -c release --product maintenanced"))
        }
        if options.parts.contains("throughput") {
            needed.append((options.benchmarkExecutable, "swift build -c release --product maintenanced-benchmark"))
        }
        for (path, build) in needed where !FileManager.default.isExecutableFile(atPath: path) {
            throw BenchmarkError.unavailable("\(path) is not there: build it (\(build)), or name it with --maintenanced / --benchmark-executable")
        }
    }

    /// Writes the records so far to `path`, with the settings and, if the run failed, why.
    func writeJSON(to path: String, date: String, failure: String? = nil) throws {
        var settings: [String: String] = [
            "sections": Self.ordered(options.parts).joined(separator: ","), "servers": "\(options.servers)", "partitions": "\(options.partitions)",
            "repetitions": "\(options.repetitions)", "latencyRates": options.latencyRates.map(String.init).joined(separator: ","),
            "latencySeconds": "\(options.latencySeconds)", "stateSizes": options.stateSizes.map(String.init).joined(separator: ","),
            "growthServers": "\(options.growthServers)", "idle": options.idleTargets.sorted().joined(separator: ","),
            "idleSeconds": "\(options.idleSeconds)", "idleSettleSeconds": "\(options.idleSettleSeconds)", "demoServers": "\(options.demoServers)",
            "demoSpeed": "\(options.demoSpeed)", "inProcess": "\(options.inProcess)", "maintenanced": options.maintenanced,
        ]
        if let topics = options.topicsDirectory { settings["topicsDirectory"] = topics }
        let machine = records.machine.withLock { $0 }
        let document = BenchmarkReport(
            date: date, settings: settings, input: records.inputSummary.withLock { $0 }, results: records.all, failure: failure,
            cores: machine.cores, loadAverage: machine.load, allocator: MemoryAllocator.current.description)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(document).write(to: URL(fileURLWithPath: path))
    }

    static func ordered(_ parts: Set<String>) -> [String] { ServiceBenchmarkOptions.sections.filter { parts.contains($0) } }

    // MARK: Throughput

    static let pythonName = "Python scheduler baseline"

    /// Measures the Python baseline `options.repetitions` times; nil (and a record saying why)
    /// when it cannot run here (no script, no python3 with confluent-kafka) or a run fails.
    func measurePython(_ input: [InputRecord]) async throws -> RoleMeasurement? {
        var record = BenchmarkRecord(section: "python", contestant: Self.pythonName, setup: "own process")
        record.instances = 1
        if let missing = PythonBaseline.unavailable(script: options.pythonScript) {
            progress("python: not measured: \(missing)")
            record.error = missing
            records.append(record)
            return nil
        }
        var runs: [RoleMeasurement] = []
        do {
            for repetition in 1...options.repetitions {
                progress("python: repetition \(repetition)/\(options.repetitions): broker, \(input.count) input events, then the baseline…")
                let run = try await BenchmarkCluster.with(
                    partitions: options.partitions, topicsDirectory: options.topicsDirectory, maintenanced: options.maintenanced, logger: logger
                ) { cluster in
                    try await cluster.produce(input)
                    let topics = FleetSimulation.inputTopics(of: .scheduler)
                    _ = try cluster.endOffsets(of: topics, expected: input.count)
                    return try await PythonBaseline.measure(script: options.pythonScript, on: cluster, topics: topics, count: input.count)
                }
                progress("python: repetition \(repetition): \(Int(run.eventsPerSecond)) events/s, \(format(run.cpuMicrosecondsPerEvent)) µs own CPU/event, "
                    + "\(format(run.brokerCPUMicrosecondsPerEvent ?? 0)) µs broker CPU/event")
                runs.append(run)
            }
        } catch let error as BenchmarkError {
            progress("python: not measured: \(error)")
            record.error = "\(error)"
            records.append(record)
            return nil
        }
        let median = RoleMeasurement.median(runs)
        record.set(median)
        records.append(record)
        return median
    }

    static let throughputHeader = [
        "| contestant | set-up | input events | events/s (median) | own CPU µs/event | broker CPU µs/event | messages read + written per event | "
            + "events/s vs pass-through (target ≥ 50 %) | CPU/event vs pass-through (target ≤ 2×; paired: the median of each run over its own) | CPU/message vs pass-through | "
            + "CPU/event vs Python (target ≤ 1/3) | verdict |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]

    /// The Python baseline's row: its figures, or why it was not measured.
    func pythonRow(_ python: RoleMeasurement?, events: Int) -> String {
        if let python { return row(Self.pythonName, setup: "own process", events: events, python, rest: "| | | | 1× | |") }
        let reason = notMeasured.first { $0.section == "python" }?.error ?? "not run"
        return "| \(Self.pythonName) | own process | \(events) | | | | | | | | | not measured: \(Self.cell(reason)) |"
    }

    func pythonOnlyTable(_ python: RoleMeasurement?, events: Int) throws -> String {
        (Self.throughputHeader + [pythonRow(python, events: events)]).joined(separator: "\n")
    }

    /// `text` fit for a table cell: one line, no column separators, at most 200 characters.
    static func cell(_ text: String) -> String {
        String(text.prefix(200)).replacingOccurrences(of: "|", with: "/").replacingOccurrences(of: "\n", with: " ")
    }

    func throughputTable(_ simulation: FleetSimulation, python: RoleMeasurement?) async throws -> String {
        var lines = Self.throughputHeader
        if options.parts.contains("python") {
            lines.append(pythonRow(python, events: simulation.input(of: .scheduler).count))
        }
        for role in options.roles {
            let input = simulation.input(of: role)
            let topics = FleetSimulation.inputTopics(of: role)
            var passThrough: [RoleMeasurement] = []
            var runs: [String: [RoleMeasurement]] = [:]
            // Each run beside the pass-through measured just before it on the same broker.
            var pairs: [String: [(passThrough: RoleMeasurement, run: RoleMeasurement)]] = [:]
            for repetition in 1...options.repetitions {
                for instances in [1, 2] {
                    progress("throughput: \(role.rawValue), repetition \(repetition)/\(options.repetitions), ×\(instances): broker, "
                        + "\(input.count) input events, the C pass-through, then \(instances) maintenanced run --role \(role.rawValue)…")
                    let (ceiling, run) = try await BenchmarkCluster.with(
                        partitions: options.partitions, topicsDirectory: options.topicsDirectory, maintenanced: options.maintenanced, logger: logger
                    ) { cluster in
                        try await cluster.produce(input)
                        let ends = try cluster.endOffsets(of: topics, expected: input.count)
                        let ceiling = try await PassThrough.measure(on: cluster, topics: topics, count: input.count, executable: options.benchmarkExecutable)
                        let run = try await RoleThroughput.measureProcesses(
                            role: role, instances: instances, on: cluster, ends: ends, count: input.count, maintenanced: options.maintenanced, logger: logger)
                        return (ceiling, run)
                    }
                    passThrough.append(ceiling)
                    runs["×\(instances)", default: []].append(run)
                    pairs["×\(instances)", default: []].append((ceiling, run))
                    progress("rep \(repetition): \(role.rawValue) ×\(instances) (own process) \(Int(run.eventsPerSecond)) events/s, "
                        + "\(format(run.cpuMicrosecondsPerEvent)) µs own CPU/event, \(format(run.brokerCPUMicrosecondsPerEvent ?? 0)) µs broker CPU/event, "
                        + "\(format(run.messagesReadPerEvent ?? 0)) + \(format(run.messagesWrittenPerEvent ?? 0)) messages read + written/event; "
                        + "pass-through \(Int(ceiling.eventsPerSecond)) events/s, \(format(ceiling.cpuMicrosecondsPerEvent)) µs own CPU/event")
                }
                if options.inProcess {
                    progress("throughput: \(role.rawValue), repetition \(repetition)/\(options.repetitions): broker, input, then a RoleRunner in this process…")
                    let run = try await BenchmarkCluster.with(
                        partitions: options.partitions, topicsDirectory: options.topicsDirectory, maintenanced: options.maintenanced, logger: logger
                    ) { cluster in
                        try await cluster.produce(input)
                        let ends = try cluster.endOffsets(of: topics, expected: input.count)
                        return try await RoleThroughput.measureInProcess(role: role, instances: 1, on: cluster, ends: ends, count: input.count, logger: logger)
                    }
                    runs["in-process", default: []].append(run)
                    progress("rep \(repetition): \(role.rawValue) ×1 (in the benchmark's process) \(Int(run.eventsPerSecond)) events/s, "
                        + "\(format(run.cpuMicrosecondsPerEvent)) µs process CPU/event (\(run.rebalances) rebalances)")
                }
            }
            let ceiling = RoleMeasurement.median(passThrough)
            let ceilingName = "C pass-through (\(role.rawValue) input)"
            lines.append(row(ceilingName, setup: "own process", events: input.count, ceiling, rest: "| 100 % | 1× | 1× | \(python.map { ratio(ceiling, $0) } ?? "") | |"))
            var ceilingRecord = BenchmarkRecord(section: "throughput", contestant: ceilingName, setup: "own process")
            ceilingRecord.instances = 1
            ceilingRecord.set(ceiling)
            ceilingRecord.cpuPerEventVsPython = python.map { ceiling.cpuMicrosecondsPerEvent / max($0.cpuMicrosecondsPerEvent, 1e-9) }
            records.append(ceilingRecord)
            for (key, setup, instances) in [("×1", "own process", 1), ("×2", "own processes", 2), ("in-process", "in-process (the benchmark's)", 1)] {
                guard let measured = runs[key] else { continue }
                let run = RoleMeasurement.median(measured)
                let share = run.eventsPerSecond / max(ceiling.eventsPerSecond, 1e-9)
                let overCeiling = run.cpuMicrosecondsPerEvent / max(ceiling.cpuMicrosecondsPerEvent, 1e-9)
                let paired = RoleMeasurement.pairedCPURatio(pairs[key] ?? [])
                let overPython = python.map { run.cpuMicrosecondsPerEvent / max($0.cpuMicrosecondsPerEvent, 1e-9) }
                // The same CPU spread over the messages each event costs to read and write: how much
                // dearer a role's message is than the pass-through's, apart from how many it has to handle.
                let perMessage = run.cpuMicrosecondsPerMessage.flatMap { own in
                    ceiling.cpuMicrosecondsPerMessage.map { own / max($0, 1e-9) }
                }
                var verdict = [share >= Target.shareOfPassThrough ? "events/s: met" : "events/s: MISSED"]
                verdict.append(overCeiling <= Target.cpuOverPassThrough ? "CPU vs pass-through: met" : "CPU vs pass-through: MISSED")
                if let overPython { verdict.append(overPython <= Target.cpuOverPython ? "CPU vs Python: met" : "CPU vs Python: MISSED") }
                let name = key == "in-process" ? "\(role.rawValue) ×1 in-process" : "\(role.rawValue) \(key)"
                lines.append(row(name, setup: setup, events: input.count, run,
                    rest: "| \(format(100 * share)) % | \(format(overCeiling))×\(paired.map { " (paired \(format($0))×)" } ?? "") | \(perMessage.map { format($0) + "×" } ?? "–") | "
                        + "\(overPython.map { format($0) + "×" } ?? "–") | \(verdict.joined(separator: "; ")) |"))
                var record = BenchmarkRecord(section: "throughput", contestant: name, setup: setup)
                record.instances = instances
                record.set(run)
                record.shareOfPassThrough = share
                record.cpuPerEventVsPassThrough = overCeiling
                record.cpuPerEventVsPassThroughPaired = paired
                record.cpuPerMessageVsPassThrough = perMessage
                record.cpuPerEventVsPython = overPython
                record.verdict = verdict.joined(separator: "; ")
                records.append(record)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A throughput table row: name, set-up, events, events/s, own and broker CPU, messages
    /// read + written per event, then `rest` (the last columns).
    func row(_ name: String, setup: String, events: Int, _ run: RoleMeasurement, rest: String) -> String {
        let messages = run.messagesReadPerEvent.flatMap { read in run.messagesWrittenPerEvent.map { "\(format(read)) + \(format($0))" } }
        return "| \(name) | \(setup) | \(events) | \(Int(run.eventsPerSecond)) | \(format(run.cpuMicrosecondsPerEvent)) | "
            + "\(run.brokerCPUMicrosecondsPerEvent.map(format) ?? "–") | \(messages ?? "–") \(rest)"
    }

    func ratio(_ run: RoleMeasurement, _ python: RoleMeasurement) -> String {
        format(run.cpuMicrosecondsPerEvent / max(python.cpuMicrosecondsPerEvent, 1e-9)) + "×"
    }

    // MARK: Latency

    func latencyTable() async throws -> String {
        var lines = [
            "| offered events/s | sent events/s | events | p50 ms | p99 ms | max ms | to output p50 / p99 ms | p99 ms by second of the run | CPU % of a core by second: broker / scheduler | verdict |",
            "|---:|---:|---:|---:|---:|---:|---:|---|---|---|",
        ]
        for rate in options.latencyRates {
            progress("latency: broker, maintenanced run --role scheduler, then \(rate) events/s for \(format(options.latencySeconds)) s…")
            let result = try await BenchmarkCluster.with(
                partitions: options.partitions, topicsDirectory: options.topicsDirectory, maintenanced: options.maintenanced, logger: logger
            ) { cluster in
                try await LatencyBenchmark.measure(rate: rate, seconds: options.latencySeconds, on: cluster, maintenanced: options.maintenanced, logger: logger)
            }
            let toOutput = (LatencyResult.quantile(0.5, of: result.toOutput), LatencyResult.quantile(0.99, of: result.toOutput))
            progress("latency at \(rate)/s: p50 \(format(result.p50)) ms, p99 \(format(result.p99)) ms, max \(format(result.max)) ms; "
                + "send to output created: p50 \(format(toOutput.0)) ms, p99 \(format(toOutput.1)) ms")
            let verdict = switch rate {
            case 1000: result.p99 < Target.p99AtOneThousand ? "p99 < 20 ms: met" : "p99 < 20 ms: MISSED"
            case 10000: result.p99 < Target.p99AtTenThousand ? "p99 < 50 ms: met" : "p99 < 50 ms: MISSED"
            default: ""
            }
            lines.append("| \(rate) | \(Int(result.achievedRate)) | \(result.events) | \(format(result.p50)) | \(format(result.p99)) | "
                + "\(format(result.max)) | \(format(toOutput.0)) / \(format(toOutput.1)) | \(result.p99BySecond.map { String(Int($0.rounded())) }.joined(separator: ", ")) | "
                + "\(result.brokerCPUBySecond.map { String(Int($0.rounded())) }.joined(separator: ", ")) / "
                + "\(result.schedulerCPUBySecond.map { String(Int($0.rounded())) }.joined(separator: ", ")) | \(verdict) |")
            var record = BenchmarkRecord(section: "latency", contestant: "scheduler at \(rate) events/s", setup: "own process")
            record.offeredRate = rate
            record.achievedRate = result.achievedRate
            record.events = result.events
            record.p50Milliseconds = result.p50
            record.p99Milliseconds = result.p99
            record.maxMilliseconds = result.max
            record.toOutputP50Milliseconds = toOutput.0
            record.toOutputP99Milliseconds = toOutput.1
            record.p99BySecondMilliseconds = result.p99BySecond
            record.brokerCPUPercentBySecond = result.brokerCPUBySecond
            record.cpuPercentBySecond = result.schedulerCPUBySecond
            record.verdict = verdict.isEmpty ? nil : verdict
            records.append(record)
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Restore and growth

    func restoreTable(templates simulation: FleetSimulation, startTime: Int64) async throws -> String {
        let templates = (simulation.states[.scheduler] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
        guard !templates.isEmpty else { throw BenchmarkError("the simulation left no scheduler states") }
        let growth = try FleetSimulation(servers: options.growthServers, partitions: 1, prefix: "grow-", startTime: startTime)
        let growthStates = growth.states[.scheduler]?.count ?? 0
        var lines = [
            "| tracked servers | restore threads | partitions | changelog MB | restore s | CPU s: instance / broker | records restored | states held | RSS growth MB | bytes/server | "
                + "events/s with them (\(growth.input(of: .scheduler).count) events) | CPU µs/event | verdict |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        var restarts = [
            "",
            "The same instance stopped gracefully after that (leaving a snapshot of each changelog partition in its state directory), "
                + "and a second instance restoring from them:",
            "",
            "| tracked servers | restore threads | stop s | snapshots | snapshot MB | restore s | CPU s: instance / broker | records restored (from snapshots) | states held | verdict |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for servers in options.stateSizes {
            for threads in Array(Set(options.restoreThreads)).sorted() {
                progress("restore: broker, a changelog of \(servers) servers, then one scheduler restoring it on up to \(threads) threads…")
                // The growth input is simulated per partition count, as the run's partitions depend on the size.
                let partitions = RestoreBenchmark.partitions(
                    servers: servers, valueBytes: templates.reduce(0) { $0 + $1.count } / templates.count, minimum: options.partitions)
                let input = try FleetSimulation(servers: options.growthServers, partitions: partitions, prefix: "grow-", startTime: startTime).input(of: .scheduler)
                let result = try await RestoreBenchmark.measure(
                    servers: servers, templates: templates, input: input, minimumPartitions: options.partitions,
                    topicsDirectory: options.topicsDirectory, maintenanced: options.maintenanced, restoreThreads: threads, logger: logger, progress: progress)
                guard result.restoredRecords == servers, result.restoredStates == servers + growthStates else {
                    throw BenchmarkError("restore of \(servers): \(result.restoredRecords) records read, \(result.restoredStates) states held, "
                        + "expected \(servers) and \(servers + growthStates)")
                }
                var verdict: [String] = []
                if servers >= 1_000_000 {
                    verdict.append(result.restoreSeconds < Target.restoreOfMillion ? "restore < 10 s: met" : "restore < 10 s: MISSED")
                }
                verdict.append(result.bytesPerServer < Target.bytesPerServer ? "< 1 KiB/server: met" : "< 1 KiB/server: MISSED")
                let throughput = result.throughput
                progress("restore of \(servers) on \(threads) threads: \(format(result.restoreSeconds)) s (CPU: instance \(format(result.restoreCPUSeconds)) s, "
                    + "broker \(format(result.brokerCPUSeconds)) s), \(Int(result.bytesPerServer)) B/server, "
                    + "then \(Int(throughput?.eventsPerSecond ?? 0)) events/s")
                lines.append("| \(servers) | \(threads) | \(result.partitions) | \(format(Double(result.changelogBytes) / 1e6)) | \(format(result.restoreSeconds)) | "
                    + "\(format(result.restoreCPUSeconds)) / \(format(result.brokerCPUSeconds)) | \(result.restoredRecords) | \(result.restoredStates) | \(format(Double(result.residentGrowth) / 1e6)) | \(Int(result.bytesPerServer)) | "
                    + "\(Int(throughput?.eventsPerSecond ?? 0)) | \(format(throughput?.cpuMicrosecondsPerEvent ?? 0)) | \(verdict.joined(separator: "; ")) |")
                var record = BenchmarkRecord(
                    section: "restore", contestant: "scheduler restoring \(servers) servers on up to \(threads) threads", setup: "in-process, broker in its own")
                record.trackedServers = servers
                record.partitions = Int(result.partitions)
                record.changelogMegabytes = Double(result.changelogBytes) / 1e6
                record.restoreSeconds = result.restoreSeconds
                record.restoreCPUSeconds = result.restoreCPUSeconds
                record.brokerRestoreCPUSeconds = result.brokerCPUSeconds
                record.restoredRecords = result.restoredRecords
                record.statesHeld = result.restoredStates
                record.residentGrowthMegabytes = Double(result.residentGrowth) / 1e6
                record.bytesPerServer = result.bytesPerServer
                if let throughput { record.set(throughput) }
                record.verdict = verdict.joined(separator: "; ")
                records.append(record)
                guard let restart = result.restart else { continue }
                guard restart.fromSnapshots == restart.restoredRecords, restart.snapshots > 0 else {
                    throw BenchmarkError("restart of \(servers): \(restart.restoredRecords) records restored, \(restart.fromSnapshots) from \(restart.snapshots) snapshots")
                }
                let restartVerdict = servers >= 1_000_000
                    ? (restart.restoreSeconds < Target.restoreOfMillion ? "restore < 10 s: met" : "restore < 10 s: MISSED") : ""
                progress("restart of \(servers) on \(threads) threads from snapshots: \(format(restart.restoreSeconds)) s "
                    + "(stop \(format(restart.stopSeconds)) s, \(restart.snapshots) snapshots, \(format(Double(restart.snapshotBytes) / 1e6)) MB)")
                restarts.append("| \(servers) | \(threads) | \(format(restart.stopSeconds)) | \(restart.snapshots) | \(format(Double(restart.snapshotBytes) / 1e6)) | "
                    + "\(format(restart.restoreSeconds)) | \(format(restart.restoreCPUSeconds)) / \(format(restart.brokerCPUSeconds)) | "
                    + "\(restart.restoredRecords) (\(restart.fromSnapshots)) | \(restart.states) | \(restartVerdict) |")
                var restartRecord = BenchmarkRecord(
                    section: "restore", contestant: "scheduler restarting with \(servers) servers in its state directory on up to \(threads) threads",
                    setup: "in-process, broker in its own")
                restartRecord.trackedServers = servers
                restartRecord.partitions = Int(result.partitions)
                restartRecord.stopSeconds = restart.stopSeconds
                restartRecord.restoreSeconds = restart.restoreSeconds
                restartRecord.restoreCPUSeconds = restart.restoreCPUSeconds
                restartRecord.brokerRestoreCPUSeconds = restart.brokerCPUSeconds
                restartRecord.restoredRecords = restart.restoredRecords
                restartRecord.statesHeld = restart.states
                restartRecord.verdict = restartVerdict
                records.append(restartRecord)
            }
        }
        return (lines + restarts).joined(separator: "\n")
    }

    // MARK: Idle

    func idleTable() async throws -> String {
        var lines = [
            "| process at rest | measured s | threads | CPU % of one core | wake-ups/s | busiest threads (wake-ups/s, CPU %) | verdict |",
            "|---|---:|---:|---:|---:|---|---|",
        ]
        let targets: [(key: String, name: String)] = [
            ("run", "maintenanced run (embedded broker, every role)"),
            ("demo", "maintenanced demo --servers \(options.demoServers) --speed \(format(options.demoSpeed)), settled"),
        ]
        for target in targets where options.idleTargets.contains(target.key) {
            progress("idle: \(target.name): settling \(format(options.idleSettleSeconds)) s, then measuring \(format(options.idleSeconds)) s…")
            var record = BenchmarkRecord(section: "idle", contestant: target.name, setup: "embedded broker")
            do {
                let rate = target.key == "run"
                    ? try await IdleBenchmark.measureRun(maintenanced: options.maintenanced, settle: options.idleSettleSeconds, seconds: options.idleSeconds)
                    : try await IdleBenchmark.measureDemo(
                        maintenanced: options.maintenanced, servers: options.demoServers, speed: options.demoSpeed, settle: options.idleSettleSeconds,
                        seconds: options.idleSeconds)
                let verdict = rate.cpuPercent <= Target.idleCPUPercent ? "≤ 1 % of a core: met" : "≤ 1 % of a core: MISSED"
                let busiest = rate.busiest.prefix(4).map { "\($0.thread) \(format($0.wakeupsPerSecond))/s \(format($0.cpuPercent)) %" }
                progress("idle: \(target.name): \(format(rate.cpuPercent)) % of a core, \(format(rate.wakeupsPerSecond)) wake-ups/s; "
                    + busiest.joined(separator: ", "))
                lines.append("| \(target.name) | \(format(rate.seconds)) | \(rate.threadCount) | \(format(rate.cpuPercent)) | "
                    + "\(format(rate.wakeupsPerSecond)) | \(busiest.joined(separator: "; ")) | \(verdict) |")
                record.seconds = rate.seconds
                record.cpuPercent = rate.cpuPercent
                record.wakeupsPerSecond = rate.wakeupsPerSecond
                record.threads = rate.threadCount
                record.busiestThreads = rate.busiest
                record.verdict = verdict
            } catch {
                // An older maintenanced (no demo --linger) or a failed start: say so, measure the rest.
                progress("idle: \(target.name): not measured: \(error)")
                lines.append("| \(target.name) | | | | | | not measured: \(Self.cell("\(error)")) |")
                record.error = "\(error)"
            }
            records.append(record)
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Helpers

    func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
