import Allocator
import ArgumentParser
import Foundation
import Contracts
import Kafka
import KafkaTopics
import Lifecycle
import Logging
import MaintenancedConfiguration
import Observability
import Processor
import ServiceLifecycle
import ServiceLogging
import Topics

/// `maintenanced run`: the service itself.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the service: the maintenance scheduler, power controller and update orchestrator.",
        discussion: """
            Each role is its own consumer group (maintenanced-scheduler, maintenanced-power, \
            maintenanced-update); start more instances of a role to share its partitions. With \
            --role all (the default) one process runs the three.

            Settings come from the configuration file (--config, or MAINTENANCED_CONFIG; see \
            config/maintenanced.yaml) with MAINTENANCED_* overrides; the options here override both. \
            Bad configuration exits 78 and names the file, line and key; so does an HTTP address \
            another process listens on (checked before anything starts).

            With no brokers from --brokers, the file or MAINTENANCED_KAFKA_BOOTSTRAP_SERVERS, it \
            starts the embedded broker (librdkafka's mock cluster) on loopback, creates the declared \
            topics (those built into maintenanced, unless --topics-dir or topics.directory names a \
            directory of declarations), prints `bootstrap=HOST:PORT` as the first line of standard output, and runs the \
            roles on it.

            HTTP (http.host:http.port, or --http-port): /healthz, /readyz (every role joined its group \
            and restored its partitions), /metrics (Prometheus text), the status page at / and the \
            read-only status API under /v1/ (docs/API.md; `maintenanced get` asks it). Each instance \
            announces its address (--advertise-host) and owned partitions on maintenanced.instances, \
            so any instance answers for any server. Once listening it prints \
            `http=HOST:PORT` on standard output (after the bootstrap line, if any); with --http-port 0 \
            the port is chosen by the system. Logs go to standard error: JSON lines off a terminal, \
            text on one (logging.format), each with the role and, where there is one, server and event.

            SIGTERM or SIGINT: /readyz turns 503, stop fetching, finish the batch in hand, commit, \
            (with a state directory: leave a snapshot of each changelog partition held there, which \
            the next start restores from instead of reading the changelog whole), leave the group, exit 0. A second signal while it stops exits at once with 128 + its \
            number (130, 143): what was not committed is processed again by the next owner. A role that cannot read back the state of partitions it was \
            given (after three attempts) processes none of them and exits 75 (try again: restarted, \
            or with another instance taking them over); other failures exit 1.
            """
    )

    @Option(help: "The role to run: scheduler, power, update or all.")
    var role: RoleSelection = .all

    @Option(name: .shortAndLong, help: "The configuration file (default: $MAINTENANCED_CONFIG, or built-in defaults).")
    var config: String?

    @Option(name: [.short, .long], help: "Bootstrap brokers; without them (here or configured) the embedded broker is started.")
    var brokers: String?

    @Option(
        name: [.customShort("X"), .customLong("property")],
        help: ArgumentHelp("A librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable).", valueName: "name=value"))
    var properties: [String] = []

    @Option(help: "A directory of topic declarations (default: the configuration's topics.directory, or those built into maintenanced).")
    var topicsDir: String?

    @Option(
        help: ArgumentHelp(
            "A directory where the instance leaves a snapshot of each changelog partition held (every state.snapshotInterval, 5 minutes by default, of what changed, and at a graceful stop), for the next start to restore from instead of reading the changelogs whole (default: the configuration's state.directory; none: no snapshots).",
            valueName: "path"))
    var stateDir: String?

    @Option(parsing: .unconditional, help: "Milliseconds between clock ticks on each owned partition (default: each role's configured tickInterval).")
    var tickIntervalMs: Int?

    @Option(
        parsing: .unconditional,
        help: "The HTTP port of the status page and API, /healthz, /readyz and /metrics (default: the configuration's http.port; 0: any free port).")
    var httpPort: Int?

    @Option(help: "The host other instances and `get` reach this instance's HTTP API at (default: http.host, or this machine's host name when that is 0.0.0.0).")
    var advertiseHost: String?

    @Flag(name: .shortAndLong, help: "Log at debug level (add -X debug=broker,cgrp,… for librdkafka's own debug contexts).")
    var verbose = false

    @OptionGroup var endOfInput: EndOfInputOption

    func validate() throws {
        try KafkaPropertyArguments.check(properties)
        if let httpPort, !(0...65535).contains(httpPort) { throw ValidationError("--http-port must be between 0 and 65535") }
        if let tickIntervalMs, tickIntervalMs < 10 { throw ValidationError("--tick-interval-ms must be at least 10") }
    }

    func run() async throws {
        let signals = await TrappedSignals.trap()
        let loaded: LoadedConfiguration
        let specs: [TopicSpec]
        do {
            loaded = try ConfigurationLoader(file: config).load()
        } catch {
            throw CommandFailure(.configuration, command: "run", lines: error.problems.map { "\($0)" })
        }
        var settings = loaded.configuration
        if let stateDir { settings.state.directory = stateDir }
        if let path = settings.state.directory {
            do {
                try StateDirectory(path: path).prepare()
            } catch {
                throw CommandFailure(.configuration, command: "run", "\(stateDir != nil ? "--state-dir" : "state.directory") \(error)")
            }
        }
        LoggingBootstrap.bootstrap(
            format: settings.logging.format, level: verbose ? .debug : settings.logging.level, metadata: [LogField.role: "\(role)"])
        let logger = Logger(label: "maintenanced")
        logger.info(
            "starting", metadata: ["version": "\(Maintenanced.configuration.version)", "malloc": "\(MemoryAllocator.current)"])
        for warning in loaded.warnings { logger.warning("\(warning)") }
        do {
            specs = try TopicCatalog.load(from: TopicSource(directory: topicsDir ?? settings.topics.directory)).validSpecs()
        } catch {
            throw CommandFailure(.configuration, command: "run", "\(error)")
        }
        var http = settings.http
        if let httpPort { http.port = httpPort }
        // Before a broker starts or a group is joined: a port another process holds stops the start here.
        if let problem = ListenCheck.problem(host: http.host, port: http.port) {
            throw CommandFailure(
                .configuration, command: "run",
                "cannot listen on \(http.host):\(http.port) (\(httpPort != nil ? "--http-port" : "http.host, http.port")): \(problem)")
        }
        var kafka = KafkaPropertyArguments.apply(properties, to: settings.kafkaConfiguration)
        var embedded: EmbeddedKafkaCluster?
        if let brokers {
            kafka["bootstrap.servers"] = brokers
        } else if !loaded.setsBootstrapServers {
            let cluster = try await EmbeddedKafkaCluster.startForService(topics: specs, logger: logger)
            kafka = cluster.configuration(adapting: kafka)
            embedded = cluster
        }
        let advertised = advertiseHost ?? (http.bindsEveryAddress ? ProcessInfo.processInfo.hostName : http.host)
        let services = try MaintenancedServices(
            roles: role.roles, settings: settings, kafka: kafka, partitionCounts: specs.partitionCounts,
            tickInterval: tickIntervalMs.map { Duration.milliseconds($0) }, http: http, advertiseHost: advertised, withDirectory: true,
            instance: UUID().uuidString.lowercased(), logger: logger
        ) { [host = http.host] port, _ in
            print("http=\(host):\(port)")
            flushStandardOutput()
        }
        do {
            try await services.group(signals: signals, stopOnEndOfInput: endOfInput.stopOnEndOfInput).run()
        } catch let failure as RestoreFailure {
            throw CommandFailure(.temporaryFailure, command: "run", "\(failure)")
        }
        withExtendedLifetime(embedded) {}
    }
}
