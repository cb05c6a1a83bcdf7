import ArgumentParser
import KafkaTopics
import Topics

/// `maintenanced topics list`: the declared topics as a table.
struct TopicsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the declared topics as a table.",
        discussion: """
            Shows name, partitions, replication factor, cleanup policy, key and event types \
            of each declared topic. With --brokers, also whether each topic exists on the \
            cluster and matches its declaration (partitions, replication factor, and the \
            declared configs where the broker serves DescribeConfigs). On a cluster of fewer \
            brokers than a topic's declared replication factor (a development broker), a topic \
            replicated on all of them matches, with a note saying so. It connects with the \
            configuration's Kafka settings ($MAINTENANCED_CONFIG, the MAINTENANCED_* variables), \
            -X over them.

            Exit codes: 0 listed, 1 cluster failure, 69 the cluster cannot be reached, 78 invalid declarations.
            """
    )

    @OptionGroup var options: TopicsDirectoryOptions

    @Option(name: .long, help: ArgumentHelp("Bootstrap brokers, comma-separated host:port, to compare with.", valueName: "list"))
    var brokers: String?

    @OptionGroup var broker: TopicsBrokerOptions

    func run() async throws {
        let catalog = try options.validCatalog()
        var brokerStatus: [String: [String]]?
        if let brokers {
            let (cluster, _) = try broker.cluster(brokers: brokers)
            do {
                let statuses = try await TopicApplier(specs: catalog.specs, cluster: cluster).status()
                brokerStatus = Dictionary(uniqueKeysWithValues: statuses.map { ($0.name, $0.lines) })
            } catch {
                throw CommandFailure(ExitStatus.of(error), "topics list: cannot read the topics of \(brokers): \(error)")
            }
        }
        print(TopicTable(specs: catalog.specs, brokerStatus: brokerStatus).render(), terminator: "")
    }
}
