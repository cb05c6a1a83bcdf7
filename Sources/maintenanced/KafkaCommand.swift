import ArgumentParser

/// `maintenanced kafka`: a kcat-like tool to put messages on topics and read them back.
struct KafkaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Produce and consume Kafka messages (a small kcat for development).",
        subcommands: [KafkaProduceCommand.self, KafkaConsumeCommand.self]
    )
}
