import ArgumentParser
import Contracts
import Events

/// `maintenanced request complete`: the maintenance operator finished the active maintenance.
struct RequestCompleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "complete", abstract: "Report the server's active maintenance as complete.")

    @OptionGroup var request: RequestOptions
    @OptionGroup var maintenance: MaintenanceOptions

    func run() async throws {
        try await request.send(OutgoingEvent(EventName.maintenanceCompleted, key: maintenance.server, .object(maintenance.members)))
    }
}

/// `maintenanced request fail`: the maintenance operator could not finish the active maintenance.
struct RequestFailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fail", abstract: "Report the server's active maintenance as failed, with a reason.")

    @OptionGroup var request: RequestOptions
    @OptionGroup var maintenance: MaintenanceOptions

    @Option(help: "Why it failed.")
    var reason: String

    func run() async throws {
        var data = maintenance.members
        data["reason"] = .string(reason)
        try await request.send(OutgoingEvent(EventName.maintenanceFailed, key: maintenance.server, .object(data)))
    }
}

/// `maintenanced request cancel`: cancel a pending or active maintenance.
struct RequestCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel", abstract: "Cancel a pending or active maintenance of a server.")

    @OptionGroup var request: RequestOptions
    @OptionGroup var maintenance: MaintenanceOptions

    func run() async throws {
        try await request.send(OutgoingEvent(EventName.maintenanceCancellationRequested, key: maintenance.server, .object(maintenance.members)))
    }
}

/// `maintenanced request approve`: the claim owner sets ok-to-maintenance.
struct RequestApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Approve maintenance of a claimed server (ok-to-maintenance on its claim).")

    @OptionGroup var request: RequestOptions

    @Option(name: .shortAndLong, help: "The server id (the Kafka key).")
    var server: String

    @Option(
        help: ArgumentHelp(
            "The claim's owner, as server.claimed and maintenance.approval.requested name it.",
            discussion: "An approval naming another owner than the claim's is of an earlier claim and is rejected (stale)."))
    var owner: String?

    func run() async throws {
        let data: JSONValue = owner.map { ["owner": .string($0)] } ?? [:]
        try await request.send(OutgoingEvent(EventName.maintenanceApproved, key: server, data))
    }
}
