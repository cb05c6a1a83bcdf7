import ArgumentParser
import MaintenancedConfiguration

/// `maintenanced config check [FILE]`: validates the configuration and prints
/// the effective configuration with secrets masked.
struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration and print the effective configuration, secrets masked.",
        discussion: """
            Reads FILE (or the file named by MAINTENANCED_CONFIG; with neither, only defaults), \
            lays the MAINTENANCED_* environment variables over it, and validates the result. \
            Unknown keys and unknown MAINTENANCED_* variables are errors. Every problem is \
            printed as file:line:column: at key.path: message (or names the environment variable). \
            On success the effective configuration is printed as YAML; values of secret properties \
            are shown as "***" and values from the environment carry a comment naming the variable.

            Environment: MAINTENANCED_<KEY_PATH> for any setting (MAINTENANCED_HTTP_PORT, \
            MAINTENANCED_KAFKA_BOOTSTRAP_SERVERS, MAINTENANCED_ROLES_UPDATE_MAX_UNAVAILABLE), \
            MAINTENANCED_KAFKA_PROPERTY_<NAME> for a librdkafka property (SASL_PASSWORD is sasl.password), \
            MAINTENANCED_KAFKA_PROPERTYFILE_<NAME> for a property read from a file.

            Exit codes: 0 valid, 78 invalid or unreadable configuration.
            """
    )

    @Argument(help: ArgumentHelp("The configuration file (YAML).", valueName: "file"))
    var file: String?

    func run() async throws {
        let loaded: LoadedConfiguration
        do {
            loaded = try ConfigurationLoader(file: file).load()
        } catch {
            let count = error.problems.count
            throw CommandFailure(
                .configuration, lines: error.problems.map { "\($0)" } + ["\(count) problem\(count == 1 ? "" : "s") in the configuration"])
        }
        for warning in loaded.warnings { printError("warning: \(warning)") }
        print("# effective configuration\(loaded.file.map { " of \($0)" } ?? " (defaults)"), secrets masked")
        print(loaded.maskedYAML, terminator: "")
    }
}
