import ArgumentParser

/// The `maintenanced` command: the service and the tools that feed and inspect it.
@main
struct Maintenanced: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintenanced",
        abstract: "Track a fleet of physical servers and drive maintenance, power and rolling updates over Kafka.",
        discussion: """
            maintenanced consumes maintenance requests and server lifecycle events from \
            Kafka and answers with state-transition events and requests for the operators \
            that do the physical work (boot configuration, firmware, BMC power, Incus).

            Exit codes: 0 success, 1 runtime failure, 64 usage error, 69 service unavailable (get), 78 configuration error.
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, DemoCommand.self, BrokerCommand.self, TopicsCommand.self, RequestCommand.self, ConfigCommand.self,
            EventsCommand.self, DescribeCommand.self, KafkaCommand.self, GetCommand.self,
        ]
    )
}
