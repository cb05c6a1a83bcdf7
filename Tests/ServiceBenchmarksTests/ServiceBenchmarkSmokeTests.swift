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
        options.growthServers = 3
        options.topicsDirectory = Self.repository.appendingPathComponent("topics").path
        let report = try await ServiceBenchmark(options: options, output: { _ in }).run()
        #expect(report.contains("| scheduler | 1 |"))
        #expect(report.contains("| power | 2 |"))
        #expect(report.contains("| 200 |"))
        #expect(report.contains("| 300 |"))
    }
}
