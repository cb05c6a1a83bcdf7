import ArgumentParser

/// `maintenanced topics`: the Kafka topics the service declares under `topics/`.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topics",
        abstract: "Check, list and create the Kafka topics the service declares.",
        discussion: """
            Each topic the service uses is declared in its own YAML file: name, partitions, \
            replication factor, cleanup policy and configs, what the key is (server id, \
            cluster id), which CloudEvents types it carries, and who produces and consumes it. \
            Topics keyed by the same kind of id must have the same partition count \
            (co-partitioning), and changelogs (<role>.state) must be compacted.

            The declarations are the repository's topics/*.yaml, built into maintenanced, so \
            these commands work from any folder; --dir (or --topics-dir) reads a directory instead.
            """,
        subcommands: [TopicsCheckCommand.self, TopicsListCommand.self, TopicsApplyCommand.self]
    )
}
