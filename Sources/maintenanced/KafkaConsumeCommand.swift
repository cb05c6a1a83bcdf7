import ArgumentParser
import Kafka
import Logging
import Processor
import ServiceLifecycle

/// `maintenanced kafka consume`: prints messages as JSON lines, in a group or from every partition.
struct KafkaConsumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consume",
        abstract: "Print a topic's messages, one JSON object per line.",
        discussion: """
            Each line is {"topic","partition","offset","key","headers":[{"key","value"}],"value"}; \
            keys, values and header values are shown as UTF-8 text (invalid bytes are replaced).

            With --group, joins that consumer group: partitions are shared with the other members \
            and offsets of printed messages are committed. Without it, reads every partition \
            from the beginning (or --offset-reset latest: from the end) and commits nothing.

            Stops after --count messages, or on SIGTERM/SIGINT; either way it commits and leaves \
            the group before exiting 0 (a second signal while it stops: at once, 128 + its number).
            """
    )

    @OptionGroup var connection: KafkaConnectionOptions

    @Option(name: .shortAndLong, help: "The topic to read.")
    var topic: String

    @Option(name: .shortAndLong, help: "The consumer group to join.")
    var group: String?

    @Option(name: .shortAndLong, parsing: .unconditional, help: "Exit after this many messages.")
    var count: Int?

    @Option(help: "Where to start without a committed offset: earliest or latest.")
    var offsetReset = "earliest"

    @OptionGroup var endOfInput: EndOfInputOption

    func validate() throws {
        guard ["earliest", "latest"].contains(offsetReset) else { throw ValidationError("--offset-reset must be earliest or latest") }
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
    }

    func run() async throws {
        let signals = await TrappedSignals.trap()
        let logger = CommandLogging.logger("maintenanced.kafka.consume", verbose: connection.verbose)
        var defaults = ["auto.offset.reset": offsetReset]
        if let group { defaults["group.id"] = group }
        let configuration = try connection.configuration(defaults: defaults)
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        if group != nil {
            try consumer.subscribe([topic])
        } else {
            let admin = try KafkaAdmin(configuration: try connection.configuration(), logger: logger)
            let description = try await admin.describeTopics([topic], includeConfigs: false)[0]
            let start: KafkaOffset = offsetReset == "earliest" ? .beginning : .end
            try consumer.assign(description.partitions.map { KafkaPartitionOffset(topic: topic, partition: $0.id, offset: start) })
        }
        // Printing ends at --count, which stops the group, or is cancelled when SIGTERM, SIGINT or
        // (when asked) the end of standard input shuts the group down gracefully.
        let printing = ClosureService { [self] in
            try await cancelWhenGracefulShutdown {
                do {
                    try await printMessages(from: consumer, logger: logger)
                } catch {
                    if !Task.isCancelled { throw error }
                }
            }
        }
        let printer = ServiceGroupConfiguration.ServiceConfiguration(
            service: printing, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)
        // The last commit and the leave share one budget, as a role's stop does: with no broker
        // answering they would otherwise wait for it (a second signal still stops at once).
        let budget = StopBudget()
        do {
            try await CommandServiceGroup.make(
                [printer], signals: signals, stopOnEndOfInput: endOfInput.stopOnEndOfInput,
                notice: ShutdownNotice(logger: logger, message: "stopping: committing and leaving") { budget.begin() }, logger: logger
            ).run()
        } catch {
            _ = try? await consumer.close(timeout: budget.limit(RoleRunner.closeTimeout))
            throw error
        }
        if group != nil, (try? await consumer.commit(within: budget.limit(RoleRunner.commitTimeout))) != true {
            logger.warning("left without the last commit: the group did not confirm it in time; the next reader of the group reads those messages again")
        }
        if try await !consumer.close(timeout: budget.limit(RoleRunner.closeTimeout)) {
            logger.warning("stopped without leaving the group cleanly (the close failed or did not finish in time)")
        }
    }

    /// Prints messages until `count` is reached or the task is cancelled, storing and committing offsets.
    private func printMessages(from consumer: KafkaConsumer, logger: Logger) async throws {
        var printed = 0
        for try await batch in consumer.batches(maxMessages: 500) {
            var lines = ""
            var lastOffsets: [KafkaTopicPartition: Int64] = [:]
            for message in batch {
                if let count, printed == count { break }
                lines += JSONLine.render(message)
                lines += "\n"
                lastOffsets[message.topicPartition] = message.offset + 1
                printed += 1
            }
            print(lines, terminator: "")
            flushStandardOutput()
            if group != nil {
                try consumer.store(lastOffsets.map { KafkaPartitionOffset($0.key, KafkaOffset($0.value)) })
                do {
                    try await consumer.commit()
                } catch {
                    // The offsets stay stored: the next commit, or the consumer's resend while they stay owed, sends them. (Not
                    // `catch where`: in this async loop it crashes Swift 6.3.1's ownership verifier.)
                    guard error.defersCommit else { throw error }
                    logger.info("commit deferred: \(error.reason)")
                }
            }
            if let count, printed >= count { return }
        }
    }
}
