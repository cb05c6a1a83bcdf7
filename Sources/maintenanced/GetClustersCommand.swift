import ArgumentParser
import Events
import FleetStatus

/// `maintenanced get clusters`.
struct GetClustersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "clusters", abstract: "List the clusters' rollouts: slots held, by whom, who queues.")

    @OptionGroup var options: GetOptions

    func run() async throws {
        let answer: JSONValue
        if options.fromChangelog {
            answer = await (try await options.snapshot(what: "clusters")).clusters()
        } else {
            answer = try await options.ask("/v1/clusters", what: "clusters")
        }
        options.print(answer, table: StatusTable.clusters)
    }
}
