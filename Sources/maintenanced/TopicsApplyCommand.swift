import ArgumentParser

/// `maintenanced topics apply`: creates the declared topics on a broker.
struct TopicsApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Create the declared topics on a broker, idempotently.",
        discussion: """
            Creates every declared topic that does not exist. A topic that exists with the \
            declared settings is left alone, so running apply twice changes nothing. A topic \
            that exists with other settings is not changed: apply says what differs and \
            exits 1.

            Exit codes: 0 applied, 1 conflicting topics or broker failure, 78 invalid declarations.
            """
    )

    @OptionGroup var options: TopicsDirectoryOptions

    @Option(name: .long, help: ArgumentHelp("Bootstrap brokers, comma-separated host:port.", valueName: "list"))
    var brokers: String

    func run() async throws {
        _ = try options.validCatalog()
        printError("topics apply: the Kafka admin client is not available yet")
        throw ExitCode(1)
    }
}
