#if canImport(Glibc)
import MaintenancedClient
import Glibc
#endif
import ArgumentParser
import Contracts
import FleetSimulator
import FleetStatus
import Kafka
import Lifecycle
import KafkaTopics
import Logging
import MaintenancedConfiguration
import Observability
import Processor
import ServiceLifecycle
import ServiceLogging
import Topics

/// `maintenanced demo`: the service and a simulated fleet in one process, with a live view.
struct DemoCommand: AsyncParsableCommand {
    /// The demo's HTTP endpoint listens on loopback only.
    static let httpHost = "127.0.0.1"

    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Try maintenanced in one command: the three roles on the embedded broker, a simulated fleet, a live view.",
        discussion: """
            Starts the embedded broker (librdkafka's mock cluster) on loopback, creates the \
            declared topics, runs the maintenance scheduler, power controller and update \
            orchestrator, and plays the outside world with the fleet simulator: servers that \
            register and come back after reboots, BMCs that carry out power operations (some \
            fail a first attempt), Incus evacuating and restoring cluster members, boot-config \
            and maintenance operators (some maintenances fail or are cancelled, on purpose), \
            claim owners approving, OS updates with and without reboot. The simulator is a Kafka \
            client like any other: it only produces and consumes events on the topics.

            The first line of standard output is `bootstrap=HOST:PORT`: kcat or another \
            `maintenanced run --brokers HOST:PORT --role power` can join while it runs. Then \
            `status=http://127.0.0.1:PORT/`, the status page (and the API under /v1/, docs/API.md), \
            with the `maintenanced get servers --stuck --server …` line that asks the same API. \
            The summary names, for each stuck server, what the service says it waits for and since when.

            On a terminal the view is redrawn four times a second; otherwise a plain line is \
            printed every --interval. When every server is up to date and out of maintenance, \
            on Ctrl-C, or after --duration, it prints a summary. With --linger the service stays \
            up that long after the fleet settled (the line `settled: lingering N s` says when it \
            starts), to look around or to measure the service at rest; Ctrl-C ends it early.

            Exit codes: 0 the fleet settled with nothing failed that the simulator did not make \
            fail; 1 it did not settle within --duration, or something else failed; 130 stopped \
            by Ctrl-C (or SIGTERM) before it settled, or by a second Ctrl-C while stopping (143: a \
            second SIGTERM); 78 bad configuration or topic files.
            """
    )

    @Option(parsing: .unconditional, help: "How many servers the simulated fleet has.")
    var servers = 200

    @Option(parsing: .unconditional, help: "How many Incus clusters (every third server is a member of one); 0 for none.")
    var clusters = 8

    @Option(help: "Give up after this long, e.g. 90s, 15m.")
    var duration = "15m"

    @Option(parsing: .unconditional, help: "How much faster than realistic the simulated world answers (BMCs, boots, operators).")
    var speed = 1.0

    @Option(parsing: .unconditional, help: "Seconds the service stays up after the fleet settled, before the summary (0: none).")
    var linger = 0.0

    @Option(parsing: .unconditional, help: "Seconds between plain progress lines when not on a terminal.")
    var interval = 5.0

    @Option(parsing: .unconditional, help: "The seed of the simulated delays.")
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: "A configuration file for the roles' settings (default: $MAINTENANCED_CONFIG, or built-in defaults).")
    var config: String?

    @Option(help: "A directory of topic declarations (default: the configuration's topics.directory, or those built into maintenanced).")
    var topicsDir: String?

    @Option(parsing: .unconditional, help: "The port of the status page and API on 127.0.0.1 (0: any free port).")
    var httpPort = 0

    @Flag(help: "Plain progress lines even on a terminal.")
    var plain = false

    @OptionGroup var endOfInput: EndOfInputOption

    /// Numbers are parsed unconditionally, so that a negative one is refused for what it is,
    /// not taken for an option ("Missing value").
    func validate() throws {
        guard servers >= 1 else { throw ValidationError("--servers must be at least 1") }
        guard clusters >= 0 else { throw ValidationError("--clusters must be 0 or more") }
        guard speed > 0 else { throw ValidationError("--speed must be more than 0") }
        guard interval > 0 else { throw ValidationError("--interval must be more than 0") }
        guard linger >= 0 else { throw ValidationError("--linger must be 0 or more") }
        guard (0...65535).contains(httpPort) else { throw ValidationError("--http-port must be between 0 and 65535") }
        guard let limit = ConfigDuration(parsing: duration) else { throw ValidationError("--duration \(duration): expected e.g. 90s, 15m or 1h") }
        guard limit.duration > .zero else { throw ValidationError("--duration must be more than 0") }
    }

    func run() async throws {
        let signals = await TrappedSignals.trap()
        let limit = ConfigDuration(parsing: duration)!.duration
        let loaded: LoadedConfiguration
        let specs: [TopicSpec]
        do {
            loaded = try ConfigurationLoader(file: config).load()
            specs = try TopicCatalog.load(from: TopicSource(directory: topicsDir ?? loaded.configuration.topics.directory)).validSpecs()
        } catch let error as ConfigurationError {
            throw CommandFailure(.configuration, command: "demo", lines: error.problems.map { "\($0)" })
        } catch {
            throw CommandFailure(.configuration, command: "demo", "\(error)")
        }
        var settings = loaded.configuration
        // The demo's broker is new each run: no earlier run's snapshot continues its changelogs.
        settings.state.directory = nil
        // The view owns the terminal: the service only logs warnings and errors there.
        LoggingBootstrap.bootstrap(format: settings.logging.format, level: .warning, metadata: [LogField.role: "demo"])
        let logger = Logger(label: "maintenanced")

        if let problem = ListenCheck.problem(host: Self.httpHost, port: httpPort) {
            throw CommandFailure(.configuration, command: "demo", "cannot listen on \(Self.httpHost):\(httpPort) (--http-port): \(problem)")
        }
        let cluster = try await EmbeddedKafkaCluster.startForService(topics: specs, logger: logger)
        let kafka = cluster.configuration(adapting: settings.kafkaConfiguration)

        let scenario = FleetScenario(servers: servers, clusters: clusters)
        let simulator = FleetSimulator(
            scenario: scenario, configuration: kafka,
            options: .init(timing: SimulatorTiming.realistic.scaled(by: 1 / speed), seed: seed, stopWhenSettled: true), logger: logger)
        let view = DemoView(
            scenario: scenario, simulator: simulator, bootstrap: cluster.bootstrapServers,
            live: !plain && isatty(STDOUT_FILENO) == 1, interval: .milliseconds(Int(interval * 1000)))
        // The status page and API: one process runs every role, so no instance directory.
        let services = try MaintenancedServices(
            roles: Role.allCases, settings: settings, kafka: kafka, partitionCounts: specs.partitionCounts, tickInterval: .seconds(1),
            http: HTTPSettings(host: Self.httpHost, port: httpPort), advertiseHost: Self.httpHost, withDirectory: false, instance: "demo",
            logger: logger
        ) { [view, bootstrap = cluster.bootstrapServers] port, _ in
            let url = "http://127.0.0.1:\(port)"
            view.statusURL.withLock { $0 = url + "/" }
            print("status=\(url)/")
            print("try: maintenanced get servers --stuck --server \(url)   ·   kcat -b \(bootstrap) -C -t server.transitions -f '%k %h\\n'")
            flushStandardOutput()
        }
        // The world stops first on a graceful shutdown, then the roles finish their batches and leave.
        let world = DemoWorld(view: view, status: services.status.source, limit: limit, linger: linger)
        try await services.group(extra: [world.member], signals: signals, stopOnEndOfInput: endOfInput.stopOnEndOfInput).run()
        let ending = world.ending ?? .stopped
        let report = view.report()
        view.finish()
        for line in report.summary { print(line) }
        flushStandardOutput()
        withExtendedLifetime(cluster) {}
        switch ending {
        case .interrupted where !report.isSuccess:
            throw ExitStatus.interrupted.code
        case .settled, .interrupted, .stopped, .timedOut:
            if !report.isSuccess { throw ExitStatus.failure.code }
        }
    }
}

extension DemoCommand {
    /// For each server, what the status API says it waits for and since when, in one line.
    static func stuckDetails(of servers: [String], source: InstanceStatusSource) async -> [String: String] {
        let now = Instant(millisecondsSinceEpoch: wallClockMilliseconds())
        var details: [String: String] = [:]
        for id in servers {
            let view = ServerStatusView(await source.parts(of: id), settings: source.settings, now: now)
            let waits = view.waits.map { wait in
                "\(wait.role.rawValue) waits for \(wait.waitsFor) since \(StatusText.time(wait.since.millisecondsSinceEpoch))"
                    + " (\(StatusText.span(now.millisecondsSinceEpoch - wait.since.millisecondsSinceEpoch)) ago), attempt \(wait.attempt) of \(wait.attempts)"
            }
            details[id] = waits.isEmpty ? "waits for nothing the service tracks (\(view.status), \(view.operational), \(view.updateState))" : waits.joined(separator: "; ")
        }
        return details
    }
}
