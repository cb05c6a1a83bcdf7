import ArgumentParser

/// `maintenanced kafka`: a kcat-like tool to put messages on topics and read them back.
struct KafkaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Produce and consume Kafka messages (a small kcat for development).",
        discussion: """
            Both reach Kafka as the service does: the configuration's brokers and properties \
            ($MAINTENANCED_CONFIG's file, the MAINTENANCED_* variables), with -b and -X over them; \
            so inside a pod of the service they need neither.
            """,
        subcommands: [KafkaProduceCommand.self, KafkaConsumeCommand.self]
    )
}
