import ArgumentParser
import Topics

/// `maintenanced topics list`: the declared topics as a table.
struct TopicsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the declared topics as a table.",
        discussion: """
            Shows name, partitions, replication factor, cleanup policy, key and event types \
            of each declared topic. With --brokers, also whether each topic exists on the \
            broker and matches its declaration.

            Exit codes: 0 listed, 1 broker unreachable, 78 invalid declarations.
            """
    )

    @OptionGroup var options: TopicsDirectoryOptions

    func run() async throws {
        let catalog = try options.validCatalog()
        print(TopicTable(specs: catalog.specs).render(), terminator: "")
    }
}
