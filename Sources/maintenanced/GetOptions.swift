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

    @Option(
        name: .long,
        help: "A running instance's HTTP address: HOST:PORT or http://HOST:PORT (default: $MAINTENANCED_SERVER, or http://127.0.0.1:8080).")
    var server: String?

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

    @Option(name: .shortAndLong, help: "With --from-changelog: the configuration whose timeouts and budgets apply (default: $MAINTENANCED_CONFIG, or built-in).")
    var config: String?

    @Option(help: "With --from-changelog: the topic declarations (default: the configuration's topics.directory).")
    var topicsDir: String?

    func validate() throws {
        _ = try baseURL()
        if !fromChangelog, brokers != nil || !properties.isEmpty || topicsDir != nil {
            throw ValidationError("--brokers, -X and --topics-dir go with --from-changelog")
        }
        try KafkaPropertyArguments.check(properties)
    }

    /// The base URL of the instance to ask: `--server`, else `$MAINTENANCED_SERVER`, else
    /// `http://127.0.0.1:8080`; a usage error when it is not one (`instanceURL(_:)`).
    func baseURL() throws(ValidationError) -> String {
        if let server { return try Self.instanceURL(server, from: "--server ") }
        if let variable = ProcessInfo.processInfo.environment["MAINTENANCED_SERVER"], !variable.isEmpty {
            return try Self.instanceURL(variable, from: "MAINTENANCED_SERVER=")
        }
        return "http://127.0.0.1:8080"
    }

    /// An instance's address as a base URL: `http://HOST[:PORT][/PREFIX]` as given (the scheme
    /// in any case), `HOST[:PORT]` meaning `http://HOST[:PORT]` (port 80 when none is given, as in
    /// any http:// URL); no trailing `/`. Another scheme is refused: the API is plain HTTP.
    /// `source` (`--server `, `MAINTENANCED_SERVER=`) precedes the address in the error.
    static func instanceURL(_ address: String, from source: String) throws(ValidationError) -> String {
        var url = address
        if let separator = url.range(of: "://") {
            let scheme = url[..<separator.lowerBound]
            guard scheme.lowercased() == "http" else {
                throw ValidationError("\(source)\(address): \(scheme):// is not supported: the status API is plain HTTP (http://HOST:PORT, or HOST:PORT)")
            }
            url = "http://" + url[separator.upperBound...]
        } else {
            url = "http://" + url
        }
        while url.hasSuffix("/") { url.removeLast() }
        guard PeerClient.Target(url) != nil else { throw ValidationError("\(source)\(address): expected HOST:PORT or http://HOST:PORT") }
        return url
    }

    /// Asks the instance for `path`; exits 69 when it cannot be reached, and turns an error
    /// answer into its exit code (404: 1, 400: 64, other: 1) after printing it.
    func ask(_ path: String, what: String) async throws -> JSONValue {
        let base = try baseURL()
        let answer: (status: Int, body: JSONValue)
        do {
            answer = try await PeerClient(timeout: 15).get(base + path)
        } catch {
            fail("\(what): \(error) (is maintenanced running there? --server or $MAINTENANCED_SERVER names the instance)")
            throw ExitCode(69)
        }
        guard answer.status == 200 else { try failure(answer.status, answer.body, what: what, at: base) }
        return answer.body
    }

    /// Prints an error answer and exits with its code.
    func failure(_ status: Int, _ body: JSONValue, what: String, at place: String) throws -> Never {
        fail("\(what): \(body["message"]?.stringValue ?? "HTTP \(status)") (asked \(place))")
        switch status {
        case 400: throw ExitCode(64)
        case 503: throw ExitCode(69)
        default: throw ExitCode.failure
        }
    }

    /// The answers over the state topics, read once (`--from-changelog`); exits 69 when the
    /// brokers cannot be reached, 78 on bad configuration.
    func snapshot(transitionsOf server: String? = nil, what: String) async throws -> StatusQueries {
        let loaded: LoadedConfiguration
        do {
            loaded = try ConfigurationLoader(file: config).load()
        } catch {
            for problem in error.problems { fail("\(problem)") }
            throw ExitCode(78)
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
            fail("\(what): cannot read the state topics at \(kafka["bootstrap.servers"] ?? "?"): \(error)")
            throw ExitCode(69)
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

    func fail(_ message: String) {
        var standardError = StandardError()
        Swift.print("maintenanced get: \(message)", to: &standardError)
    }
}
