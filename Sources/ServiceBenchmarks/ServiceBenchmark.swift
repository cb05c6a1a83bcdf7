import Contracts
import Foundation
import Lifecycle
import Logging

/// The service benchmark: each role against a raw librdkafka pass-through and a Python
/// baseline, end-to-end latency, restore time and memory; prints Markdown tables with the
/// issue's targets, saying which are met and which are missed.
public struct ServiceBenchmark {
    /// The settings.
    public var options: ServiceBenchmarkOptions
    /// Where progress and tables go (standard output in the command).
    public var output: @Sendable (String) -> Void
    let logger: Logger

    /// A benchmark with `options`, printing through `output`.
    public init(options: ServiceBenchmarkOptions, output: @escaping @Sendable (String) -> Void = { print($0) }) {
        self.options = options
        self.output = output
        var logger = Logger(label: "maintenanced-benchmark")
        logger.logLevel = .critical
        self.logger = logger
    }

    /// The targets of issue 8.
    public enum Target {
        /// Each role's share of the raw pass-through's events/s.
        public static let shareOfPassThrough = 0.5
        /// Each role's events/s over the Python baseline's.
        public static let timesPython = 10.0
        /// p99 latency at 1k events/s, milliseconds.
        public static let p99AtOneThousand = 20.0
        /// Restore of 1M servers, seconds.
        public static let restoreOfMillion = 10.0
        /// Resident bytes per tracked server.
        public static let bytesPerServer = 1024.0
    }

    /// Runs the parts `options` names and returns the report (also printed as it goes).
    @discardableResult
    public func run() async throws -> String {
        var report: [String] = []
        let startTime = Int64(Date().timeIntervalSince1970 * 1000) - 3_600_000
        output("simulating \(options.servers) servers on \(options.partitions) partitions…")
        let simulation = try FleetSimulation(servers: options.servers, partitions: options.partitions, startTime: startTime)
        var summary = "Input: a simulated fleet of \(options.servers) servers (\(simulation.records.count) events in \(simulation.rounds) rounds, "
        summary += Role.allCases.map { "\($0.rawValue) \(simulation.input(of: $0).count) events, \(simulation.rejections[$0] ?? 0) rejected" }
            .joined(separator: "; ")
        summary += "; \(simulation.deadLetters) dead letters), \(options.partitions) partitions per topic."
        output(summary)
        report.append(summary)
        guard simulation.deadLetters == 0 else { throw BenchmarkError("the generated input has \(simulation.deadLetters) dead letters") }

        var python: RoleMeasurement?
        if options.parts.contains("python") {
            python = try await measurePython(simulation.input(of: .scheduler))
        }
        if options.parts.contains("throughput") {
            report.append(try await throughputTable(simulation, python: python))
        } else if let python {
            report.append("Python baseline (scheduler): \(Int(python.eventsPerSecond)) events/s, \(format(python.cpuMicrosecondsPerEvent)) µs CPU/event")
        }
        if options.parts.contains("latency") {
            report.append(try await latencyTable())
        }
        if options.parts.contains("restore") {
            report.append(try await restoreTable(templates: simulation, startTime: startTime))
        }
        let text = report.joined(separator: "\n\n")
        output("")
        output(text)
        return text
    }

    // MARK: Throughput

    func measurePython(_ input: [InputRecord]) async throws -> RoleMeasurement? {
        guard FileManager.default.fileExists(atPath: options.pythonScript) else {
            output("python baseline: \(options.pythonScript) not found, skipped")
            return nil
        }
        var runs: [RoleMeasurement] = []
        for repetition in 1...options.repetitions {
            let cluster = try await BenchmarkCluster(partitions: options.partitions, topicsDirectory: options.topicsDirectory, logger: logger)
            try await cluster.produce(input)
            let topics = FleetSimulation.inputTopics(of: .scheduler)
            _ = try cluster.endOffsets(of: topics, expected: input.count)
            let run = try PythonBaseline.measure(script: options.pythonScript, on: cluster, topics: topics, count: input.count)
            output("rep \(repetition): Python scheduler baseline \(Int(run.eventsPerSecond)) events/s, \(format(run.cpuMicrosecondsPerEvent)) µs CPU/event")
            runs.append(run)
        }
        return median(runs)
    }

    func throughputTable(_ simulation: FleetSimulation, python: RoleMeasurement?) async throws -> String {
        var lines = [
            "| role | instances | input events | events/s (median) | CPU µs/event | pass-through events/s | % of pass-through (target ≥ 50 %) | "
                + "CPU: pass-through/role | × Python (target ≥ 10×) | verdict |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        if let python {
            lines.append("| Python scheduler baseline | 1 | \(simulation.input(of: .scheduler).count) | \(Int(python.eventsPerSecond)) | "
                + "\(format(python.cpuMicrosecondsPerEvent)) | | | | 1× | |")
        }
        for role in Role.allCases {
            let input = simulation.input(of: role)
            let topics = FleetSimulation.inputTopics(of: role)
            var passThrough: [RoleMeasurement] = []
            var runs: [Int: [RoleMeasurement]] = [:]
            for repetition in 1...options.repetitions {
                for instances in [1, 2] {
                    let cluster = try await BenchmarkCluster(partitions: options.partitions, topicsDirectory: options.topicsDirectory, logger: logger)
                    try await cluster.produce(input)
                    let ends = try cluster.endOffsets(of: topics, expected: input.count)
                    let ceiling = try PassThrough.measure(on: cluster, topics: topics, count: input.count)
                    passThrough.append(ceiling)
                    let run = try await RoleThroughput.measure(role: role, instances: instances, on: cluster, ends: ends, count: input.count, logger: logger)
                    runs[instances, default: []].append(run)
                    output("rep \(repetition): \(role.rawValue) ×\(instances) \(Int(run.eventsPerSecond)) events/s "
                        + "(\(format(run.cpuMicrosecondsPerEvent)) µs CPU/event, \(run.rebalances) rebalances); "
                        + "pass-through \(Int(ceiling.eventsPerSecond)) events/s (\(format(ceiling.cpuMicrosecondsPerEvent)) µs CPU/event)")
                }
            }
            let ceiling = median(passThrough)
            for instances in [1, 2] {
                let run = median(runs[instances] ?? [])
                let share = run.eventsPerSecond / ceiling.eventsPerSecond
                let times = python.map { run.eventsPerSecond / $0.eventsPerSecond }
                var verdict = share >= Target.shareOfPassThrough ? "pass-through: met" : "pass-through: MISSED"
                if let times { verdict += times >= Target.timesPython ? "; Python: met" : "; Python: MISSED" }
                lines.append("| \(role.rawValue) | \(instances) | \(input.count) | \(Int(run.eventsPerSecond)) | \(format(run.cpuMicrosecondsPerEvent)) | "
                    + "\(Int(ceiling.eventsPerSecond)) | \(format(100 * share)) % | "
                    + "\(format(100 * ceiling.cpuMicrosecondsPerEvent / max(run.cpuMicrosecondsPerEvent, 1e-9))) % | "
                    + "\(times.map { format($0) + "×" } ?? "–") | \(verdict) |")
            }
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Latency

    func latencyTable() async throws -> String {
        var lines = [
            "| offered events/s | sent events/s | events | p50 ms | p99 ms | max ms | to output p50 / p99 ms | verdict |",
            "|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for rate in options.latencyRates {
            let cluster = try await BenchmarkCluster(partitions: options.partitions, topicsDirectory: options.topicsDirectory, logger: logger)
            let result = try await LatencyBenchmark.measure(rate: rate, seconds: options.latencySeconds, on: cluster, logger: logger)
            let toOutput = (LatencyResult.quantile(0.5, of: result.toOutput), LatencyResult.quantile(0.99, of: result.toOutput))
            output("latency at \(rate)/s: p50 \(format(result.p50)) ms, p99 \(format(result.p99)) ms, max \(format(result.max)) ms; "
                + "send to output created: p50 \(format(toOutput.0)) ms, p99 \(format(toOutput.1)) ms")
            let verdict = rate == 1000 ? (result.p99 < Target.p99AtOneThousand ? "p99 < 20 ms: met" : "p99 < 20 ms: MISSED") : ""
            lines.append("| \(rate) | \(Int(result.achievedRate)) | \(result.events) | \(format(result.p50)) | \(format(result.p99)) | "
                + "\(format(result.max)) | \(format(toOutput.0)) / \(format(toOutput.1)) | \(verdict) |")
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
            "| tracked servers | partitions | changelog MB | restore s | records restored | states held | RSS growth MB | bytes/server | "
                + "events/s with them (\(growth.input(of: .scheduler).count) events) | CPU µs/event | verdict |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for servers in options.stateSizes {
            // The growth input is simulated per partition count, as the run's partitions depend on the size.
            let partitions = RestoreBenchmark.partitions(
                servers: servers, valueBytes: templates.reduce(0) { $0 + $1.count } / templates.count, minimum: options.partitions)
            let input = try FleetSimulation(servers: options.growthServers, partitions: partitions, prefix: "grow-", startTime: startTime).input(of: .scheduler)
            let result = try await RestoreBenchmark.measure(
                servers: servers, templates: templates, input: input, minimumPartitions: options.partitions,
                topicsDirectory: options.topicsDirectory, logger: logger)
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
            output("restore of \(servers): \(format(result.restoreSeconds)) s, \(Int(result.bytesPerServer)) B/server, "
                + "then \(Int(throughput?.eventsPerSecond ?? 0)) events/s")
            lines.append("| \(servers) | \(result.partitions) | \(format(Double(result.changelogBytes) / 1e6)) | \(format(result.restoreSeconds)) | "
                + "\(result.restoredRecords) | \(result.restoredStates) | \(format(Double(result.residentGrowth) / 1e6)) | \(Int(result.bytesPerServer)) | "
                + "\(Int(throughput?.eventsPerSecond ?? 0)) | \(format(throughput?.cpuMicrosecondsPerEvent ?? 0)) | \(verdict.joined(separator: "; ")) |")
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Helpers

    func median(_ runs: [RoleMeasurement]) -> RoleMeasurement {
        let sorted = runs.sorted { $0.eventsPerSecond < $1.eventsPerSecond }
        guard !sorted.isEmpty else { return RoleMeasurement(events: 0, seconds: 0, cpuSeconds: 0) }
        return sorted[sorted.count / 2]
    }

    func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
