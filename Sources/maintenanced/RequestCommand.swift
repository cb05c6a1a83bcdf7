import ArgumentParser

/// `maintenanced request`: feed the service — maintenance requests, completions, approvals, any event.
struct RequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Send requests and reports to the service, as a maintenance operator or claim owner would.",
        discussion: """
            Each subcommand builds one catalogued CloudEvent (see docs/EVENTS.md), checks it as \
            the service would, sends it in binary mode keyed by the server id to the partition \
            Kafka's murmur2 gives that key, waits for the broker's acknowledgement, and prints \
            what was sent and where. It reaches Kafka as the service does: the configuration's \
            brokers and properties ($MAINTENANCED_CONFIG's file, the MAINTENANCED_* variables), \
            with -b and -X over them.

            Exit codes: 0 sent, 1 not delivered, 64 usage error, 65 the event would be dead-lettered, \
            69 Kafka cannot be reached, 78 bad configuration.
            """,
        subcommands: [
            RequestMaintenanceCommand.self, RequestCompleteCommand.self, RequestFailCommand.self,
            RequestCancelCommand.self, RequestApproveCommand.self, RequestEventCommand.self,
        ]
    )
}
