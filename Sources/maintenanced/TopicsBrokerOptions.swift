import ArgumentParser
import Kafka
import KafkaTopics
import Logging

/// How the `topics` subcommands reach a Kafka cluster: as the other tools do, from the
/// configuration's Kafka settings (`MAINTENANCED_CONFIG`, the `MAINTENANCED_*` variables,
/// secrets included) with `--brokers` and `-X` over them.
struct TopicsBrokerOptions: ParsableArguments {
    @Option(
        name: [.customShort("X"), .long],
        help: ArgumentHelp(
            "A librdkafka property over the configuration's for the admin client (security.protocol, sasl.*, ssl.*, ...); repeatable. Secret values are never printed.",
            valueName: "name=value"))
    var property: [String] = []

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("How long each admin request may take, in seconds (at least 1).", valueName: "seconds"))
    var timeout: Int = 30

    func validate() throws {
        try KafkaPropertyArguments.check(property)
        if timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
    }

    /// The cluster at `brokers` (nil: the configuration's), through an admin client whose logs go
    /// to standard error (warnings and worse), and its bootstrap brokers for messages. Bad
    /// configuration exits 78, no brokers anywhere 64 (`KafkaConnectionOptions`).
    func cluster(brokers: String?) throws -> (cluster: KafkaTopicCluster, brokers: String) {
        var logger = Logger(label: "maintenanced.topics")
        logger.logLevel = .warning
        let configuration = try KafkaConnectionOptions.configuration(brokers: brokers, properties: property)
        let admin = try KafkaAdmin(configuration: configuration, logger: logger)
        return (KafkaTopicCluster(admin: admin, timeout: .seconds(timeout)), configuration.bootstrapServers ?? "?")
    }
}
