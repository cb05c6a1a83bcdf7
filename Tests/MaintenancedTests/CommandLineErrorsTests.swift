import Foundation
import MaintenancedTesting
import Testing

@testable import maintenanced

/// What a user who mistypes gets: the exit code that says what kind of mistake it was, and a
/// message naming what to change. None of these reaches a broker.
@Suite("command-line mistakes: the exit code and a message that names the mistake") struct CommandLineErrorsTests {
    @Test("-X with a property librdkafka does not know, or a value it does not take, exits 64 naming the property, before any client is made; a mistyped secret is not repeated")
    func unknownKafkaPropertiesAreUsageErrors() async throws {
        let cases: [(arguments: [String], expected: String)] = [
            (["run", "-X", "foo=1"], #"-X foo: No such configuration property: "foo""#),
            (["kafka", "consume", "-b", "127.0.0.1:1", "-t", "t", "-X", "queued.min.messages=lots"], #"-X queued.min.messages: Invalid value for configuration property "queued.min.messages""#),
            (["topics", "list", "--brokers", "127.0.0.1:1", "--property", "socket.timeout.ms=-1"], #"-X socket.timeout.ms: Configuration property "socket.timeout.ms" value -1 is outside allowed range 10..300000"#),
            (["get", "servers", "--from-changelog", "-X", "sasl.pasword=hunter2"], #"-X sasl.pasword: No such configuration property: "sasl.pasword""#),
            (["request", "maintenance", "-b", "127.0.0.1:1", "--server", "s", "--type", "Cleanup", "-X", "nope"], "-X nope: expected name=value"),
        ]
        for (arguments, expected) in cases {
            let result = try await ChildProcess.run(arguments, timeout: .seconds(30))
            #expect(result.status == 64, "\(arguments): \(result.errors)")
            #expect(result.errors.contains(expected), "\(arguments): \(result.errors)")
            #expect(!result.errors.contains("hunter2"))
            #expect(!result.errors.contains("Connect to"), "\(arguments) reached for a broker: \(result.errors)")
        }
    }

    @Test("an HTTP port another process listens on: run and demo exit 78 naming the address and the option, before a broker starts")
    func aPortInUseStopsTheStart() async throws {
        let held = try #require(ListeningSocket())
        let run = try await ChildProcess.run(["run", "--http-port", "\(held.port)"])
        #expect(run.status == 78, "\(run.status): \(run.errors)")
        #expect(run.errors.contains("maintenanced run: cannot listen on 0.0.0.0:\(held.port) (--http-port): the address is already in use"), "\(run.errors)")
        #expect(!run.output.contains("bootstrap="), "a broker was started: \(run.output)")
        let demo = try await ChildProcess.run(["demo", "--http-port", "\(held.port)"])
        #expect(demo.status == 78, "\(demo.status): \(demo.errors)")
        #expect(demo.errors.contains("maintenanced demo: cannot listen on 127.0.0.1:\(held.port) (--http-port): the address is already in use"), "\(demo.errors)")
        #expect(!demo.output.contains("bootstrap="), "a broker was started: \(demo.output)")
    }

    @Test("--help and the README list every exit code the commands use, with one meaning each")
    func exitCodesAreListedAlike() async throws {
        let help = try await ChildProcess.run(["--help"])
        let flat = { (text: String) in text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        #expect(flat(help.output).contains("Exit codes: \(ExitStatus.summary)."), "\(help.output)")
        let readme = try String(contentsOf: RepositoryFiles.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(flat(readme).contains("Exit codes: \(ExitStatus.summary)."))
        #expect(ExitStatus.allCases.map(\.rawValue) == [0, 1, 64, 65, 69, 75, 78, 130])
    }

    @Test("a broker that cannot be reached: request, topics and kafka tools exit 69 saying so, as get does")
    func unreachableBrokersExit69() async throws {
        let closed = "127.0.0.1:1"
        let cases: [[String]] = [
            ["request", "maintenance", "-b", closed, "--server", "s", "--type", "Cleanup"],
            ["topics", "list", "--brokers", closed, "--timeout", "2"],
            ["topics", "apply", "--brokers", closed, "--timeout", "2"],
            ["kafka", "consume", "-b", closed, "-t", "server.transitions"],
        ]
        for arguments in cases {
            let result = try await ChildProcess.run(arguments, timeout: .seconds(60))
            #expect(result.status == 69, "\(arguments): \(result.status) \(result.errors.suffix(400))")
            #expect(result.errors.contains("_TRANSPORT") || result.errors.contains("_TIMED_OUT"), "\(arguments): \(result.errors.suffix(400))")
        }
    }

    @Test("other mistakes: a --boot-config path that is not there (64, not sent as a name), a schema directory that cannot be written (1, the system's reason), negative numbers and a zero duration (64); describe needs no flag")
    func otherMistakes() async throws {
        let boot = try await ChildProcess.run(["request", "maintenance", "-b", "127.0.0.1:1", "--server", "s", "--type", "Cleanup", "--boot-config", "/nonexistent.yaml"])
        #expect(boot.status == 64 && boot.errors.contains("--boot-config /nonexistent.yaml: no such file"), "\(boot.errors)")
        let schemas = try await ChildProcess.run(["events", "schemas", "--out", "/proc/nope"])
        #expect(schemas.status == 1, "\(schemas.errors)")
        #expect(schemas.errors == "maintenanced events schemas: cannot write to /proc/nope: No such file or directory\n", "\(schemas.errors)")
        // A negative number is refused for what it is, not taken for an option ("Missing value").
        for (arguments, expected) in [
            (["demo", "--speed", "-1"], "--speed must be more than 0"), (["demo", "--duration", "0s"], "--duration must be more than 0"),
            (["run", "--http-port", "-5"], "--http-port must be between 0 and 65535"),
            (["run", "--tick-interval-ms", "-5"], "--tick-interval-ms must be at least 10"),
            (["get", "servers", "--offset", "-1"], "offset=-1: expected 0 or more"), (["get", "servers", "--limit", "-3"], "limit=-3: expected 1 to 1000"),
            (["kafka", "consume", "-t", "x", "-c", "-1"], "--count must be at least 1"), (["kafka", "produce", "-t", "x", "-p", "-1"], "--partition must not be negative"),
            (["topics", "apply", "--timeout", "0"], "--timeout must be at least 1 second"), (["demo", "--seed", "-1"], "The value '-1' is invalid for '--seed <seed>'"),
        ] {
            let refused = try await ChildProcess.run(arguments)
            #expect(refused.status == 64 && refused.errors.hasPrefix("Error: \(expected)\n"), "\(arguments): \(refused.errors)")
        }
        // A Kafka tool with no --brokers and no brokers in the configuration says which to give.
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("MAINTENANCED_") }
        let noBrokers = try await ChildProcess.run(["request", "maintenance", "--server", "s", "--type", "Cleanup"], environment: environment)
        #expect(noBrokers.status == 64 && noBrokers.errors.hasPrefix("maintenanced: --brokers is required"), "\(noBrokers.errors)")
        let describe = try await ChildProcess.run(["describe"])
        #expect(describe.status == 0 && describe.output.contains("stateDiagram-v2"), "\(describe.errors)")
        #expect(try await ChildProcess.run(["describe", "--mermaid"]).output == describe.output)
    }

    @Test("topics apply and list connect as the other tools: brokers and properties from the configuration's variables (a bad one is a configuration error), --brokers and -X over them")
    func topicsUseTheConfiguration() async throws {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("MAINTENANCED_") }
        // Brokers from the environment alone: apply tries them (unreachable, 69), not a usage error.
        let fromEnvironment = try await ChildProcess.run(
            ["topics", "apply", "--timeout", "2"], environment: environment.merging(["MAINTENANCED_KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1"]) { $1 })
        #expect(fromEnvironment.status == 69 && fromEnvironment.errors.contains("127.0.0.1:1"), "\(fromEnvironment)")
        let none = try await ChildProcess.run(["topics", "apply"], environment: environment)
        #expect(none.status == 64 && none.errors.hasPrefix("maintenanced: --brokers is required"), "\(none)")
        // A property of the configuration's that librdkafka refuses is a configuration error naming the variable.
        let bogus = environment.merging(["MAINTENANCED_KAFKA_PROPERTY_SECURITY_PROTOCOL": "carrier-pigeon"]) { $1 }
        for arguments in [["topics", "apply", "--brokers", "127.0.0.1:1"], ["topics", "list", "--brokers", "127.0.0.1:1"]] {
            let refused = try await ChildProcess.run(arguments, environment: bogus)
            #expect(refused.status == 78 && refused.errors.contains("MAINTENANCED_KAFKA_PROPERTY_SECURITY_PROTOCOL"), "\(arguments): \(refused)")
        }
        // -X over the configuration's.
        let over = try await ChildProcess.run(
            ["topics", "list", "--brokers", "127.0.0.1:1", "-X", "security.protocol=carrier-pigeon"], environment: environment)
        #expect(over.status == 64 && over.errors.contains("security.protocol"), "\(over)")
    }

    @Test("a configuration file with a property librdkafka refuses: config check and run exit 78 naming file, line and key")
    func refusedPropertiesInTheFileAreConfigurationErrors() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("maintenanced-\(UUID().uuidString).yaml")
        try "kafka:\n  properties:\n    foo.bar: \"1\"\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let expected = #"\#(file.path):3:14: at kafka.properties["foo.bar"]: No such configuration property: "foo.bar""#
        let check = try await ChildProcess.run(["config", "check", file.path])
        #expect(check.status == 78 && check.errors.contains(expected), "\(check.status): \(check.errors)")
        let run = try await ChildProcess.run(["run", "--config", file.path, "--http-port", "0"])
        #expect(run.status == 78 && run.errors.contains(expected), "\(run.status): \(run.errors)")
    }
}
