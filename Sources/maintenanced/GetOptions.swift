import ArgumentParser
import Events
import FleetStatus
import Foundation
import Kafka
import Lifecycle
import Logging
import MaintenancedConfiguration
import Topics

/// What every `get` takes: where to ask (a running instance, or the state topics
/// directly) and how to print the answer.
struct GetOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, yaml
    }

    @OptionGroup var instance: InstanceOptions

    @Option(name: .shortAndLong, help: "table (default), json, or yaml (JSON-compatible flow-style YAML).")
    var output: Format = .table

    @Flag(help: "Read the compacted state topics directly instead of asking an instance (works with the service down; every part is then answered by `changelog`).")
    var fromChangelog = false

    @Option(name: [.short, .long], help: "With --from-changelog: the bootstrap brokers (default: the configuration's).")
    var brokers: String?

    @Option(
        name: [.customShort("X"), .customLong("property")],
        help: ArgumentHelp("With --from-changelog: a librdkafka property (repeatable).", valueName: "name=value"))
    var properties: [String] = []

    @Option(help: "With --from-changelog: the topic declarations (default: the configuration's topics.directory).")
    var topicsDir: String?

    func validate() throws {
        if !fromChangelog, brokers != nil || !properties.isEmpty || topicsDir != nil {
            throw ValidationError("--brokers, -X and --topics-dir go with --from-changelog")
        }
        try KafkaPropertyArguments.check(properties)
    }


    /// Asks the instance for `path`; exits 69 when it cannot be reached, and turns an error
    /// answer into its exit code (404: 1, 400: 64, other: 1) after printing it.
    func ask(_ path: String, what: String) async throws -> JSONValue {
        let base = try instance.baseURL()
        let answer: (status: Int, body: JSONValue)
        do {
            answer = try await PeerClient(timeout: 15).get(base + path)
        } catch {
            throw failure(.unavailable, "\(what): \(error) (is maintenanced running there? --server or $MAINTENANCED_SERVER names the instance)")
        }
        guard answer.status == 200 else { try failure(answer.status, answer.body, what: what, at: base) }
        return answer.body
    }

    /// Ends the command on an error answer: its message, and its status's exit code.
    func failure(_ status: Int, _ body: JSONValue, what: String, at place: String) throws -> Never {
        let exit: ExitStatus =
            switch status {
            case 400: .usage
            case 503: .unavailable
            default: .failure
            }
        throw failure(exit, "\(what): \(body["message"]?.stringValue ?? "HTTP \(status)") (asked \(place))")
    }

    /// The answers over the state topics, read once (`--from-changelog`); exits 69 when the
    /// brokers cannot be reached, 78 on bad configuration.
    func snapshot(transitionsOf server: String? = nil, what: String) async throws -> StatusQueries {
        let loaded: LoadedConfiguration
        do {
            loaded = try ConfigurationLoader(file: instance.config).load()
        } catch {
            throw CommandFailure(.configuration, command: "get", lines: error.problems.map { "\($0)" })
        }
        var kafka = KafkaPropertyArguments.apply(properties, to: loaded.configuration.kafkaConfiguration)
        if let brokers { kafka["bootstrap.servers"] = brokers }
        let counts = (try? TopicCatalog.load(from: TopicSource(directory: topicsDir ?? loaded.configuration.topics.directory)).validSpecs())
            .map { Dictionary($0.map { ($0.name, Int32($0.partitions)) }, uniquingKeysWith: { first, _ in first }) } ?? [:]
        var logger = Logger(label: "maintenanced-get")
        logger.logLevel = .error
        let reader = ChangelogSnapshot(configuration: kafka, partitionCounts: counts, logger: logger)
        do {
            var source = try await reader.read(transitionsOf: server)
            source.settings = StatusSettings(configuration: loaded.configuration)
            return StatusQueries(source: source)
        } catch {
            throw failure(.unavailable, "\(what): cannot read the state topics at \(kafka["bootstrap.servers"] ?? "?"): \(error)")
        }
    }

    /// Prints `answer` in the chosen format; `table` renders the table form.
    func print(_ answer: JSONValue, table: (JSONValue) -> [String]) {
        switch output {
        case .table: for line in table(answer) { Swift.print(line) }
        case .json: Swift.print(JSONWriter.string(answer))
        case .yaml: Swift.print(JSONWriter.prettyString(answer))
        }
    }

    /// What a `get` command throws for `line`: printed as this command's, then the process exits with `status`.
    func failure(_ status: ExitStatus, _ line: String) -> CommandFailure {
        CommandFailure(status, command: "get", line)
    }
}
