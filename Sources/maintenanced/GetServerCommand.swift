import MaintenancedClient
import ArgumentParser
import Events
import FleetStatus
import Lifecycle
import Processor

/// `maintenanced get server ID`.
struct GetServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "server", abstract: "Show one server: its states, maintenances, waits, why it is stuck, and its recent transitions.")

    @OptionGroup var options: GetOptions

    @Argument(help: "The server id.")
    var id: String

    func validate() throws {
        if id.isEmpty { throw ValidationError("the server id must not be empty") }
    }

    func run() async throws {
        let answer: JSONValue
        if options.fromChangelog {
            let queries = try await options.snapshot(transitionsOf: id, what: "server \(id)")
            do throws(StatusError) {
                answer = try await queries.server(id, now: Instant(millisecondsSinceEpoch: wallClockMilliseconds()))
            } catch {
                try options.failure(error.status, error.json, what: "server \(id)", at: "the state topics")
            }
        } else {
            answer = try await options.ask("/v1/servers/" + PercentEncoding.encode(id), what: "server \(id)")
        }
        options.print(answer, table: { StatusTable.server($0, now: wallClockMilliseconds()) })
    }
}
