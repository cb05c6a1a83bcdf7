import ArgumentParser
import KafkaTopics
import Topics

/// `maintenanced topics apply`: creates the declared topics on a cluster.
struct TopicsApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Create the declared topics on a Kafka cluster, idempotently.",
        discussion: """
            Creates every declared topic that does not exist, with its partitions, \
            replication factor, cleanup policy and configs. A topic that exists with the \
            declared settings is left alone, so running apply twice changes nothing. A topic \
            that exists with other settings is never changed: apply says what differs, \
            creates nothing, and exits 1.

            It connects as the service does: the configuration's Kafka settings \
            ($MAINTENANCED_CONFIG, the MAINTENANCED_* variables, secrets included), with \
            --brokers and -X over them.

            The embedded development cluster serves no CreateTopics; the service creates \
            the topics there itself when it starts one.

            Exit codes: 0 applied, 1 conflicting topics or cluster failure, 69 the cluster cannot be reached, 78 invalid declarations.
            """
    )

    @OptionGroup var options: TopicsDirectoryOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Bootstrap brokers, comma-separated host:port (default: the configuration's kafka.bootstrapServers).", valueName: "list"))
    var brokers: String?

    @OptionGroup var broker: TopicsBrokerOptions

    func run() async throws {
        let catalog = try options.validCatalog()
        let (cluster, brokers) = try broker.cluster(brokers: brokers)
        let result: TopicApplyResult
        do {
            result = try await TopicApplier(specs: catalog.specs, cluster: cluster).apply()
        } catch {
            throw CommandFailure(ExitStatus.of(error), lines: ["topics apply: \(error)"])
        }
        guard result.succeeded else {
            let count = result.conflicts.count
            throw CommandFailure(
                .failure,
                lines: result.lines + [
                    "topics apply: \(count == 1 ? "1 topic" : "\(count) topics") on \(brokers) "
                        + "\(count == 1 ? "differs from its declaration" : "differ from their declarations"); nothing was created"
                ])
        }
        for line in result.lines { print(line) }
    }
}
