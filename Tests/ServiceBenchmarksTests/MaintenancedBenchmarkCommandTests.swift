import ArgumentParser
import Foundation
import Lifecycle
import ServiceBenchmarks
import Testing

/// `maintenanced-benchmark`'s command line: --help explains every option, the options reach
/// the benchmark's settings, bad ones are usage errors (64), and --json is written.
@Suite("maintenanced-benchmark command line", .timeLimit(.minutes(3)))
struct MaintenancedBenchmarkCommandTests {
    static let options = [
        "--only", "--roles", "--servers", "--partitions", "--repetitions", "--in-process", "--latency-rates", "--latency-seconds", "--state-sizes",
        "--growth-servers", "--idle", "--idle-seconds", "--idle-settle-seconds", "--demo-servers", "--demo-speed", "--python", "--topics-dir",
        "--maintenanced", "--benchmark-executable", "--json",
    ]

    @Test("--help answers with help, exit 0, and explains every option and the exit codes")
    func help() throws {
        do {
            _ = try MaintenancedBenchmarkCommand.parse(["--help"])
            Issue.record("--help parsed as a command")
        } catch {
            #expect(MaintenancedBenchmarkCommand.exitCode(for: error) == .success)
            let text = MaintenancedBenchmarkCommand.fullMessage(for: error)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for option in Self.options {
                // "  --name <value>   Help…", or a long label with the help on the next line.
                guard let index = lines.firstIndex(where: { $0.hasPrefix("  \(option) ") || $0 == "  \(option)" }) else {
                    Issue.record("\(option) is not in --help")
                    continue
                }
                let label = lines[index].trimmingCharacters(in: .whitespaces)
                let helpOnNextLine = index + 1 < lines.count && lines[index + 1].hasPrefix("          ")
                #expect(label.contains("  ") || helpOnNextLine, "\(option) has no help text")
            }
            #expect(text.contains("Exit codes:"))
        }
    }

    @Test("the options reach the benchmark's settings")
    func options() throws {
        let command = try MaintenancedBenchmarkCommand.parse([
            "--only", "python, idle", "--servers", "50", "--idle", "run", "--idle-seconds", "5", "--idle-settle-seconds", "0",
            "--latency-rates", "10,20", "--json", "/tmp/figures.json", "--maintenanced", "/bin/true", "--roles", "update, power",
        ])
        let options = try command.options()
        #expect(options.parts == ["python", "idle"])
        #expect(options.servers == 50)
        // In the roles' own order, whatever the order asked.
        #expect(options.roles == [.power, .update])
        #expect(options.idleTargets == ["run"])
        #expect(options.idleSeconds == 5)
        #expect(options.idleSettleSeconds == 0)
        #expect(options.latencyRates == [10, 20])
        #expect(options.jsonPath == "/tmp/figures.json")
        #expect(options.maintenanced == "/bin/true")
        #expect(try MaintenancedBenchmarkCommand.parse([]).options().parts == Set(ServiceBenchmarkOptions.sections))
        #expect(try MaintenancedBenchmarkCommand.parse([]).options().idleSeconds == 60)
        #expect(try MaintenancedBenchmarkCommand.parse([]).options().roles == [.scheduler, .power, .update])
    }

    @Test("bad options are usage errors", arguments: [
        ["--only", "throughput,speed"], ["--idle", "demo,nap"], ["--servers", "0"], ["--latency-rates", "1000,-1"], ["--idle-seconds", "0"],
        ["--json"], ["--no-such-option"], ["--roles", "scheduler,rollout"], ["--roles", ","],
    ])
    func badOptions(_ arguments: [String]) {
        do {
            _ = try MaintenancedBenchmarkCommand.parseAsRoot(arguments)
            Issue.record("\(arguments) parsed")
        } catch {
            #expect(MaintenancedBenchmarkCommand.exitCode(for: error) == .validationFailure, "\(arguments)")
        }
    }

    @Test("a missing maintenanced executable exits 69 before measuring anything")
    func missingExecutable() async throws {
        let command = try MaintenancedBenchmarkCommand.parse(["--only", "idle", "--maintenanced", "/nonexistent/maintenanced"])
        do {
            try await command.run()
            Issue.record("ran without maintenanced")
        } catch let code as ExitCode {
            #expect(code == MaintenancedBenchmarkCommand.unavailable)
        }
    }

    @Test("--json FILE is written: the idle run of `maintenanced run`, one record with its figures")
    func json() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("benchmark-command-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let command = try MaintenancedBenchmarkCommand.parse([
            "--only", "idle", "--idle", "run", "--idle-seconds", "1", "--idle-settle-seconds", "0", "--json", path,
        ])
        try await command.run()
        let document = try JSONDecoder().decode(BenchmarkReport.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(document.settings["sections"] == "idle")
        #expect(document.failure == nil)
        let records = document.results
        #expect(records.count == 1)
        #expect(records.first?.section == "idle")
        #expect(records.first?.error == nil)
        #expect((records.first?.seconds ?? 0) >= 1)
        #expect(records.first?.cpuPercent != nil)
        #expect((records.first?.threads ?? 0) > 0)
    }
}
