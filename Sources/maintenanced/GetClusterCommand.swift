import ArgumentParser
import Events
import FleetStatus

/// `maintenanced get cluster ID`.
struct GetClusterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cluster", abstract: "Show one cluster's rollout.")

    @OptionGroup var options: GetOptions

    @Argument(help: "The cluster id.")
    var id: String

    func validate() throws {
        if id.isEmpty { throw ValidationError("the cluster id must not be empty") }
    }

    func run() async throws {
        let answer: JSONValue
        if options.fromChangelog {
            let queries = try await options.snapshot(what: "cluster \(id)")
            do throws(StatusError) {
                answer = try await queries.cluster(id)
            } catch {
                try options.failure(error.status, error.json, what: "cluster \(id)", at: "the state topics")
            }
        } else {
            answer = try await options.ask("/v1/clusters/" + PercentEncoding.encode(id), what: "cluster \(id)")
        }
        options.print(answer, table: { StatusTable.clusters(["clusters": [$0]]) })
    }
}
