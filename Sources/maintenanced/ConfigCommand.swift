import ArgumentParser

/// `maintenanced config`: the service configuration.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the service configuration.",
        subcommands: [ConfigCheckCommand.self]
    )
}
