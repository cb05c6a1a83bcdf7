import MaintenancedClient
import ArgumentParser
import Events
import FleetStatus
import Lifecycle
import Processor

/// `maintenanced get servers [--stuck] [--state S] [--waiting W]`.
struct GetServersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "servers", abstract: "List servers with their states and waits, stuck ones first.")

    @OptionGroup var options: GetOptions

    @Flag(help: "Only stuck servers: a failed update cycle or unresponsive, a wait past its deadline, or a wait longer than --stuck-after.")
    var stuck = false

    @Option(help: "Only servers in this state (status, detail, operational, maintenance or update state, e.g. Ready, maintenance, updating; a state no server can have exits 64 listing them).")
    var state: String?

    @Option(help: "Only servers where this role (scheduler, power, update) or step (e.g. lease, gracefulOff) is waited for; any: any wait.")
    var waiting: String?

    @Option(help: "How long one attempt of a wait may last before the server counts as stuck, e.g. 90s, 5m (default 5m).")
    var stuckAfter: String?

    @Option(parsing: .unconditional, help: "The page size (1–1000).")
    var limit = 100

    @Option(parsing: .unconditional, help: "How many matching servers to skip.")
    var offset = 0

    var parameters: [(String, String)] {
        var parameters: [(String, String)] = []
        if let state { parameters.append(("state", state)) }
        if let waiting { parameters.append(("waiting", waiting)) }
        if stuck { parameters.append(("stuck", "true")) }
        if let stuckAfter { parameters.append(("stuckAfter", stuckAfter)) }
        parameters.append(("limit", String(limit)))
        parameters.append(("offset", String(offset)))
        return parameters
    }

    func validate() throws {
        do throws(StatusError) {
            _ = try ServerQuery(parameters: parameters)
        } catch {
            throw ValidationError(error.json["message"]?.stringValue ?? "bad query")
        }
    }

    func run() async throws {
        let query = try ServerQuery(parameters: parameters)
        let answer: JSONValue
        if options.fromChangelog {
            let queries = try await options.snapshot(what: "servers")
            answer = await queries.servers(query, now: Instant(millisecondsSinceEpoch: wallClockMilliseconds()))
        } else {
            let text = parameters.map { "\($0.0)=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
            answer = try await options.ask("/v1/servers?" + text, what: "servers")
        }
        options.print(answer, table: { StatusTable.servers($0, now: wallClockMilliseconds()) })
    }
}
