import ArgumentParser
import Contracts
import Events
import Foundation
import MaintenancedClient
import Processor

/// What every `request` subcommand takes: the cluster, and the CloudEvents id and source to use.
struct RequestOptions: ParsableArguments {
    @OptionGroup var connection: KafkaConnectionOptions

    @Option(help: "The CloudEvents id (default: a new UUID). Sending an event again changes nothing: a role answers what it already applied with a duplicate rejection, whatever the id; an id used again with other content is another event.")
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
