import ArgumentParser

/// `maintenanced topics check`: validates the declarations without a broker.
struct TopicsCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the topic declarations, without a broker.",
        discussion: """
            Reads every *.yaml file of the directory strictly (unknown keys are errors) and \
            checks the set: unique names, co-partitioning of topics with the same key kind, \
            compacted changelogs, partitions and replication factor of at least 1, known key \
            kinds, well-formed event types, named producers and consumers. Every problem is \
            printed as file:line:column: at key.path: message.

            Exit codes: 0 valid, 78 invalid or unreadable declarations.
            """
    )

    @OptionGroup var options: TopicsDirectoryOptions

    func run() async throws {
        let catalog = try options.validCatalog()
        print("\(catalog.files.count) topic declarations in \(options.dir) are valid")
    }
}
