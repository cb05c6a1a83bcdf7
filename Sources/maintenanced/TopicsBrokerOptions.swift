import ArgumentParser
import Kafka
import KafkaTopics
import Logging

/// How the `topics` subcommands reach a Kafka cluster.
struct TopicsBrokerOptions: ParsableArguments {
    @Option(
        name: [.customShort("X"), .long],
        help: ArgumentHelp(
            "A librdkafka property for the admin client (security.protocol, sasl.*, ssl.*, ...); repeatable.",
            valueName: "name=value"))
    var property: [String] = []

    @Option(name: .long, help: ArgumentHelp("How long each admin request may take, in seconds.", valueName: "seconds"))
    var timeout: Int = 30

    func validate() throws {
        try KafkaPropertyArguments.check(property)
    }

    /// The cluster at `brokers`, through an admin client whose logs go to
    /// standard error (warnings and worse).
    func cluster(brokers: String) throws -> KafkaTopicCluster {
        var logger = Logger(label: "maintenanced.topics")
        logger.logLevel = .warning
        let admin = try KafkaAdmin(configuration: KafkaPropertyArguments.apply(property, to: KafkaConfiguration(bootstrapServers: brokers)), logger: logger)
        return KafkaTopicCluster(admin: admin, timeout: .seconds(timeout))
    }
}
