import ArgumentParser
import Kafka
import KafkaTopics
import Logging
import ServiceLifecycle
import Topics

/// `maintenanced broker`: an embedded Kafka (librdkafka's mock cluster) for development.
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run an embedded Kafka cluster on loopback for development and tests.",
        discussion: """
            Starts librdkafka's in-process mock cluster and prints its bootstrap servers as the \
            first line of standard output (`bootstrap=127.0.0.1:PORT,…`); any Kafka client on this \
            machine can connect there. Runs until SIGTERM or SIGINT, then exits 0 (a second signal while it stops: at once, \
            128 + its number).

            Limits of the mock (librdkafka 2.0.2): each partition keeps only its newest ~5 MB / \
            100k messages; a fetch finds its record batch by walking the partition's batches from \
            the oldest, so fetching costs more the more batches a partition holds; no compaction; no CreateTopics or DescribeConfigs (create topics with \
            --topic, --declared-topics or --topics-dir); topics get replication factor min(3, brokers); unknown topics are \
            auto-created on first use; a group's rebalance waits the members' whole session timeout \
            (librdkafka's default 45 s): give `maintenanced run --brokers …` here \
            `-X session.timeout.ms=6000` (what `run` on its own embedded broker uses) for quick ones.
            """
    )

    @Option(help: "Number of brokers (ids 1…N).")
    var brokers = 1

    @Option(
        name: [.customLong("topic"), .customLong("topics-partitions")],
        help: ArgumentHelp("Create a topic: NAME:PARTITIONS (repeatable, or comma-separated).", valueName: "name:partitions"))
    var topics: [String] = []

    @Flag(help: "Create the topics declared by maintenanced (built in) before printing the bootstrap line.")
    var declaredTopics = false

    @Option(help: ArgumentHelp("Create the topics declared in this directory instead (implies --declared-topics).", valueName: "dir"))
    var topicsDir: String?

    @Flag(name: .shortAndLong, help: "Log at debug level.")
    var verbose = false

    @OptionGroup var endOfInput: EndOfInputOption

    func validate() throws {
        guard brokers >= 1 else { throw ValidationError("--brokers must be at least 1") }
        _ = try parsedTopics()
    }

    func run() async throws {
        let signals = await TrappedSignals.trap()
        let logger = CommandLogging.logger("maintenanced.broker", verbose: verbose)
        let cluster = try EmbeddedKafkaCluster(brokers: brokers, logger: logger)
        for (name, partitions) in try parsedTopics() {
            try await cluster.createTopic(name, partitions: partitions)
        }
        if declaredTopics || topicsDir != nil {
            let result = try await cluster.applyTopics(TopicCatalog.load(from: TopicSource(directory: topicsDir)).validSpecs(), logger: logger)
            guard result.succeeded else { throw ExitStatus.failure.code }
        }
        // The bootstrap line once the group runs; SIGTERM and SIGINT stop it gracefully, also those that came before.
        let broker = ClosureService { [bootstrap = cluster.bootstrapServers] in
            print("bootstrap=\(bootstrap)")
            flushStandardOutput()
            guard (try? await gracefulShutdown()) != nil else { return }
            logger.info("embedded Kafka cluster stopping")
        }
        try await CommandServiceGroup.make([.init(service: broker)], signals: signals, stopOnEndOfInput: endOfInput.stopOnEndOfInput, logger: logger).run()
        withExtendedLifetime(cluster) {}
    }

    private func parsedTopics() throws -> [(String, Int32)] {
        try topics.flatMap { $0.split(separator: ",") }.map { entry in
            let parts = entry.split(separator: ":")
            guard parts.count == 2, !parts[0].isEmpty, let partitions = Int32(parts[1]), partitions > 0 else {
                throw ValidationError("--topic \(entry): expected NAME:PARTITIONS, e.g. server.lifecycle:6")
            }
            return (String(parts[0]), partitions)
        }
    }
}
