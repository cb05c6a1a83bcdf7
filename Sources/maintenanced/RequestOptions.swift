import ArgumentParser
import Contracts
import Events
import Foundation
import MaintenancedClient
import Processor

/// What every `request` subcommand takes: the cluster, and the CloudEvents id and source to use.
struct RequestOptions: ParsableArguments {
    @OptionGroup var connection: KafkaConnectionOptions

    @Option(help: "The CloudEvents id (default: a new UUID). A role recognises a copy by what the event names, not by its id: a request or answer it already applied is rejected, whatever the id - duplicate, or stale / not-applicable once the state moved past it (an answer whose request was answered since). A maintenance is known by namespace and name (the last 4 a server finished too), a power command by its requester's id. Events that name nothing (update.available, update.retry.requested) are taken again once the state allows: send those once. An id used again with other content is another event.")
    var id: String?

    @Option(help: "The CloudEvents source (default: /maintenanced/cli, or for request event the file's).")
    var source: String?

    /// The source when none is given.
    static let defaultSource = "/maintenanced/cli"

    /// Sends `event` and prints where it went.
    func send(_ event: OutgoingEvent) async throws {
        let logger = CommandLogging.logger("maintenanced.request", verbose: connection.verbose)
        let producer = try EventProducer(configuration: try connection.configuration(), logger: logger)
        let time = Int64(Date().timeIntervalSince1970 * 1000)
        do {
            let sent = try await producer.send(event, id: id ?? UUID().uuidString.lowercased(), source: source ?? Self.defaultSource, time: time)
            try await producer.close()
            print(sent)
        } catch let failure as EventProducer.Failure {
            try? await producer.close()
            if case .invalid = failure { throw CommandFailure(.data, command: "request", "\(failure)") }
            throw CommandFailure(.failure, command: "request", "\(failure)")
        }
    }
}
