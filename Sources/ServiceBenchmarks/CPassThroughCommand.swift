import ArgumentParser
import Foundation

/// `maintenanced-benchmark c-passthrough …`: the C pass-through in a process of its own, for
/// the throughput section; prints one JSON line (`PassThrough.Report`). Not for direct use.
public struct CPassThroughCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "c-passthrough",
        abstract: "Run the C pass-through once and print its figures as JSON (the throughput section starts it).")

    @Option(help: "The broker's bootstrap servers, HOST:PORT.")
    var bootstrap: String

    @Option(help: ArgumentHelp("The input topics, comma-separated.", valueName: "topics"))
    var topics: String

    @Option(help: "Partitions of each input topic (0 to N-1 are assigned, from the beginning).")
    var partitions: Int32

    @Option(help: "Messages to pass through before it stops.")
    var count: Int

    @Option(help: "The consumer group whose offsets it commits.")
    var group: String

    @Option(help: "Messages between commits.")
    var batch = 500

    public init() {}

    public func run() throws {
        let report = PassThrough.run(
            bootstrap: bootstrap, topics: MaintenancedBenchmarkCommand.list(topics), partitions: partitions, count: count, group: group, batch: batch)
        print(String(decoding: try JSONEncoder().encode(report), as: UTF8.self))
    }
}
