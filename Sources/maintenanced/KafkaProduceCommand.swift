import ArgumentParser
import Kafka
import MaintenancedClient

/// `maintenanced kafka produce`: sends messages from arguments or standard input and waits for their delivery.
struct KafkaProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Send messages to a topic and wait until every one is delivered.",
        discussion: """
            Each VALUE argument is one message; with none, each line of standard input is one \
            message. Exits 0 once all are acknowledged by the broker, 1 if any delivery failed. \
            Keys are partitioned as the service and Kafka's Java client do (murmur2; -X partitioner=… \
            for another), so a message keyed by a server id lands on the partition the service reads \
            it from.

            Examples:
              maintenanced kafka produce -b $BOOTSTRAP -t server.lifecycle -k server-1 '{"up":true}'
              printf 's1\\t{}\\ns2\\t{}\\n' | maintenanced kafka produce -b $BOOTSTRAP -t t --key-separator '\\t'
            """
    )

    @OptionGroup var connection: KafkaConnectionOptions

    @Option(name: .shortAndLong, help: "The topic to write to.")
    var topic: String

    @Option(name: .shortAndLong, help: "The key of every message (unless --key-separator splits keys from lines).")
    var key: String?

    @Option(help: "Split each input line at the first SEP into key and value (\\t means a tab).")
    var keySeparator: String?

    @Option(name: [.customShort("H"), .long], help: ArgumentHelp("A header for every message (repeatable).", valueName: "name=value"))
    var header: [String] = []

    @Option(name: .shortAndLong, parsing: .unconditional, help: "Write to this partition instead of the key's.")
    var partition: Int32?

    @Argument(help: "Message values; read from standard input when none are given.")
    var values: [String] = []

    func validate() throws {
        for entry in header where !entry.contains("=") {
            throw ValidationError("--header \(entry): expected name=value")
        }
        if keySeparator == "" { throw ValidationError("--key-separator must not be empty") }
        if let partition, partition < 0 { throw ValidationError("--partition must not be negative") }
    }

    func run() async throws {
        let logger = CommandLogging.logger("maintenanced.kafka.produce", verbose: connection.verbose)
        // Keys land where the service and Kafka's Java client put them (murmur2), so that a
        // message keyed by a server id is on the partition the service expects it on.
        let producer = try KafkaProducer(configuration: try connection.configuration().withServicePartitioner(), logger: logger)
        let headers = MessageHeaders(header.map { entry in
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return MessageHeader(name: String(parts[0]), string: String(parts[1]))
        })
        let separator = keySeparator == "\\t" ? "\t" : keySeparator
        var count = 0
        func send(_ line: String) async throws {
            var messageKey = key
            var value = line
            if let separator, let range = line.firstRange(of: separator) {
                messageKey = String(line[..<range.lowerBound])
                value = String(line[range.upperBound...])
            }
            _ = try await producer.send(KafkaProducerMessage(topic: topic, partition: partition, key: messageKey, value: value, headers: headers))
            count += 1
        }
        if values.isEmpty {
            while let line = readLine() { try await send(line) }
        } else {
            for value in values { try await send(value) }
        }
        try await producer.close()
        logger.info("produced \(count) message(s) to \(topic)")
    }
}
