import ArgumentParser

/// The `maintenanced` command: the service and the tools that feed and inspect it.
@main
struct Maintenanced: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintenanced",
        abstract: "Track a fleet of physical servers and drive maintenance, power and rolling updates over Kafka.",
        discussion: """
            maintenanced consumes maintenance requests and server lifecycle events from \
            Kafka and answers with state-transition events and requests for the operators \
            that do the physical work (boot configuration, firmware, BMC power, Incus).

            Exit codes: \(ExitStatus.summary).
            """,
        version: "0.1.0",
        subcommands: [
            RunCommand.self, DemoCommand.self, BrokerCommand.self, TopicsCommand.self, RequestCommand.self, ConfigCommand.self,
            EventsCommand.self, DescribeCommand.self, KafkaCommand.self, GetCommand.self,
        ]
    )

    /// Parses and runs the command. A `CommandFailure` prints its lines and exits with its
    /// status; an error the command did not handle ends the process with the code
    /// `ExitStatus.of` gives it (a broker that cannot be reached: 69) after its message.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            for line in failure.lines { printError(line) }
            exit(withError: failure.status.code)
        } catch {
            let status = ExitStatus.of(error)
            guard status == .unavailable else { exit(withError: error) }
            printError("Error: cannot reach Kafka: \(error)")
            exit(withError: status.code)
        }
    }
}
