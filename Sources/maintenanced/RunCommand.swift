import ArgumentParser
import Contracts
import Kafka
import KafkaTopics
import Processor
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

            Without --brokers, starts the embedded broker (librdkafka's mock cluster) on loopback, \
            creates the topics declared in --topics-dir, prints `bootstrap=HOST:PORT` as the first \
            line of standard output, and runs all roles on it.

            SIGTERM or SIGINT: stop fetching, finish the batch in hand, commit, leave the group, exit 0.
            """
    )

    enum RoleChoice: String, ExpressibleByArgument, CaseIterable {
        case scheduler, power, update, all
    }

    @Option(help: "The role to run: scheduler, power, update or all.")
    var role: RoleChoice = .all

    @Option(name: [.short, .long], help: "Bootstrap brokers; without them the embedded broker is started.")
    var brokers: String?

    @Option(
        name: [.customShort("X"), .customLong("property")],
        help: ArgumentHelp("A librdkafka property, e.g. -X security.protocol=SASL_SSL (repeatable).", valueName: "name=value"))
    var properties: [String] = []

    @Option(help: "The topic declarations (created on the embedded broker; their partition counts are checked against).")
    var topicsDir = "topics"

    @Option(help: "Prefix of the consumer groups: <prefix>-<role>.")
    var groupPrefix = "maintenanced"

    @Option(help: "Milliseconds between clock ticks on each owned partition.")
    var tickIntervalMs = 1000

    @Flag(name: .shortAndLong, help: "Log librdkafka's debug messages.")
    var verbose = false

    func validate() throws {
        for property in properties where !property.contains("=") { throw ValidationError("-X \(property): expected name=value") }
        guard tickIntervalMs >= 10 else { throw ValidationError("--tick-interval-ms must be at least 10") }
    }

    func run() async throws {
        let logger = CommandLogging.logger("maintenanced", verbose: verbose)
        let signals = ShutdownSignals()
        let specs: [TopicSpec]
        do {
            specs = try TopicCatalog.load(directory: topicsDir).validSpecs()
        } catch {
            var standardError = StandardError()
            print("maintenanced run: \(error)", to: &standardError)
            throw ExitCode(78)
        }
        var embedded: EmbeddedKafkaCluster?
        var bootstrap = brokers ?? ""
        if brokers == nil {
            let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: logger)
            let result = try await cluster.applyTopics(specs, logger: logger)
            guard result.succeeded else { throw ExitCode.failure }
            bootstrap = cluster.bootstrapServers
            embedded = cluster
            print("bootstrap=\(bootstrap)")
            flushStandardOutput()
        }
        var configuration = KafkaConfiguration(bootstrapServers: bootstrap)
        for property in properties {
            let parts = property.split(separator: "=", maxSplits: 1)
            configuration[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        let partitionCounts = Dictionary(uniqueKeysWithValues: specs.map { ($0.name, Int32($0.partitions)) })
        let roles: [Role] = role == .all ? Role.allCases : [Role(rawValue: role.rawValue)!]
        let runners = try roles.map { role in
            let engine = RoleEngine(
                role: role, logics: Self.logics(of: role), partitionCounts: partitionCounts, consumerName: "\(groupPrefix)-\(role.rawValue)")
            return try RoleRunner(
                engine: engine, configuration: configuration,
                options: .init(group: "\(groupPrefix)-\(role.rawValue)", tickInterval: .milliseconds(tickIntervalMs)), logger: logger)
        }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for runner in runners { tasks.addTask { try await runner.run() } }
            tasks.addTask {
                let signal = await signals.wait()
                logger.info("stopping", metadata: ["signal": "\(signal ?? 0)"])
            }
            try await tasks.next()
            tasks.cancelAll()
            try await tasks.waitForAll()
        }
        withExtendedLifetime(embedded) {}
    }

    /// The logics a role runs.
    static func logics(of role: Role) -> [any RoleLogic] {
        switch role {
        case .scheduler: [SchedulerLogic()]
        case .power: [PowerLogic()]
        case .update: [UpdateLogic(), RolloutLogic()]
        }
    }
}
