import Contracts
import Foundation
import Lifecycle
import ServiceBenchmarks
import Testing

/// Runs the benchmark's code paths with tiny sizes so that they cannot rot. Not timed:
/// nothing here asserts on speed.
@Suite("Service benchmark smoke test", .timeLimit(.minutes(5)))
struct ServiceBenchmarkSmokeTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the fleet simulation gives every role valid input that it mostly applies")
    func simulation() throws {
        let simulation = try FleetSimulation(servers: 20, partitions: 4, startTime: 1_000_000)
        #expect(simulation.deadLetters == 0)
        for role in Role.allCases {
            let input = simulation.input(of: role)
            #expect(!input.isEmpty)
            #expect((simulation.rejections[role] ?? 0) * 10 < input.count, "\(role): \(simulation.rejections[role] ?? 0) of \(input.count) rejected")
        }
        #expect(!(simulation.states[.scheduler] ?? [:]).isEmpty)
    }

    @Test("the fold section folds every role's whole input: its rows count what the simulation gave")
    func foldSection() async throws {
        var options = ServiceBenchmarkOptions()
        options.parts = ["fold"]
        options.servers = 12
        options.partitions = 3
        options.repetitions = 1
        let report = try await ServiceBenchmark(options: options, progress: { _ in }).run()
        let simulation = try FleetSimulation(servers: 12, partitions: 3, startTime: 0)
        for role in Role.allCases {
            let row = try #require(report.split(separator: "\n").first { $0.hasPrefix("| \(role.rawValue) |") }, "\(report)")
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(Int(cells[1]) == simulation.input(of: role).count, "\(row)")
            // Every event the role takes was appended and folded (none left in the sequencer), and each made outputs.
            #expect((Int(cells[2]) ?? 0) > 0 && (Int(cells[2]) ?? 0) <= simulation.input(of: role).count, "\(row)")
            #expect((Int(cells[3]) ?? 0) > 0, "\(row)")
            #expect(cells[4...7].allSatisfy { (Double($0) ?? -1) > 0 }, "\(row)")
        }
    }

    @Test("with roles asked, the fold section has their rows and no other")
    func foldSectionOfSomeRoles() async throws {
        var options = ServiceBenchmarkOptions()
        options.parts = ["fold"]
        options.roles = [.power, .update]
        options.servers = 6
        options.partitions = 2
        options.repetitions = 1
        let rows = try await ServiceBenchmark(options: options, progress: { _ in }).run().split(separator: "\n").filter { line in
            Role.allCases.contains { line.hasPrefix("| \($0.rawValue) |") }
        }
        #expect(rows.map { $0.split(separator: "|")[0].trimmingCharacters(in: .whitespaces) } == ["power", "update"])
    }

    @Test("throughput, pass-through, latency and restore run end to end on tiny sizes")
    func tinyRun() async throws {
        var options = ServiceBenchmarkOptions()
        options.parts = ["throughput", "latency", "restore"]
        options.servers = 6
        options.partitions = 2
        options.repetitions = 1
        options.latencyRates = [200]
        options.latencySeconds = 0.2
        options.stateSizes = [300]
        options.restoreThreads = [1, 2]
        options.growthServers = 3
        options.topicsDirectory = Self.repository.appendingPathComponent("topics").path
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("benchmark-smoke-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: json) }
        options.jsonPath = json.path
        let benchmark = ServiceBenchmark(options: options)  // progress on standard error, to see where a slow run is
        let report = try await benchmark.run()
        for role in Role.allCases {
            #expect(report.contains("| C pass-through (\(role.rawValue) input) | own process |"))
            #expect(report.contains("| \(role.rawValue) ×1 | own process |"))
            #expect(report.contains("| \(role.rawValue) ×2 | own processes |"))
        }
        #expect(report.contains("| 200 |"))
        #expect(report.contains("| 300 |"))
        #expect(benchmark.notMeasured.isEmpty)
        // --json: one record per table row, with the figures the row shows.
        let document = try JSONDecoder().decode(BenchmarkReport.self, from: Data(contentsOf: json))
        #expect(document.failure == nil)
        let throughput = document.results.filter { $0.section == "throughput" }
        #expect(throughput.count == 9)
        for record in throughput {
            // On tiny input a role may commit everything in its first batch, which is left out of the timing: 0 events/s.
            #expect(record.eventsPerSecond != nil && record.cpuMicrosecondsPerEvent != nil, "\(record.contestant)")
            #expect(record.brokerCPUMicrosecondsPerEvent != nil, "\(record.contestant)")
            if record.contestant.hasPrefix("C pass-through") {
                #expect((record.eventsPerSecond ?? 0) > 0, "\(record.contestant)")
                #expect(record.messagesReadPerEvent == 1 && record.messagesWrittenPerEvent == 1, "\(record.contestant)")
            } else {
                // A role reads its input and its input log, which holds a copy of every event it takes
                // (a single one would do: the tiny fleet's input is mostly taken), and writes those copies.
                let read = try #require(record.messagesReadPerEvent, "\(record.contestant)")
                let written = try #require(record.messagesWrittenPerEvent, "\(record.contestant)")
                #expect(read > 1 && written > 0, "\(record.contestant): \(read) read, \(written) written per event")
                #expect(record.cpuPerMessageVsPassThrough != nil, "\(record.contestant)")
            }
        }
        #expect(document.results.filter { $0.section == "latency" }.map(\.offeredRate) == [200])
        // Each size restored on 1 thread and on 2, side by side, each followed by a restart from its state directory.
        let restores = document.results.filter { $0.section == "restore" }
        #expect(restores.map(\.trackedServers) == [300, 300, 300, 300])
        #expect(
            restores.map(\.contestant) == [
                "scheduler restoring 300 servers on up to 1 threads", "scheduler restarting with 300 servers in its state directory on up to 1 threads",
                "scheduler restoring 300 servers on up to 2 threads", "scheduler restarting with 300 servers in its state directory on up to 2 threads",
            ])
        for index in [0, 2] {
            let (fromChangelog, restart) = (restores[index], restores[index + 1])
            #expect(fromChangelog.restoredRecords == 300)
            // The restart holds what the stopped instance held: the 300 and the states of the input it processed.
            #expect(restart.statesHeld == fromChangelog.statesHeld)
            // Every state from the snapshots, with a checkpoint per partition that had one.
            #expect((restart.restoredRecords ?? 0) > (restart.statesHeld ?? 0), "\(restart.restoredRecords ?? 0)")
            #expect(restart.stopSeconds != nil && restart.restoreSeconds != nil)
        }
    }
}
