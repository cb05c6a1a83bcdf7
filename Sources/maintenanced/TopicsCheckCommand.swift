import ArgumentParser

/// `maintenanced topics check`: validates the declarations without a broker.
struct TopicsCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the topic declarations, without a broker.",
        discussion: """
            Reads the declarations built into maintenanced (the repository's topics/*.yaml), or \
            every *.yaml file of --dir, strictly (unknown keys are errors) and \
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
        switch options.source {
        case .embedded: print("\(catalog.files.count) built-in topic declarations are valid")
        case .directory(let directory): print("\(catalog.files.count) topic declarations in \(directory) are valid")
        }
    }
}
