import ArgumentParser
import Contracts
import Events
import Foundation
import YAML

/// `maintenanced request maintenance`: create a ServerMaintenance.
struct RequestMaintenanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintenance",
        abstract: "Ask for a maintenance of a server (a ServerMaintenance).",
        discussion: """
            The maintenance queues behind the server's other ones by priority, then arrival. \
            A claimed server waits for its owner's approval unless --policy enforced.

            Example:
              maintenanced request maintenance -b 127.0.0.1:9092 --server server-1 --type BIOSUpdate --priority 10
            """
    )

    @OptionGroup var request: RequestOptions

    @Option(name: .shortAndLong, help: "The server id (the Kafka key).")
    var server: String

    @Option(name: .shortAndLong, help: "The kind of maintenance, e.g. BIOSUpdate or Cleanup.")
    var type: String

    @Option(parsing: .unconditional, help: "Higher runs first (-1000…1000).")
    var priority: Int?

    @Option(help: "owner-approval (default) or enforced (no approval needed).")
    var policy: String?

    @Option(help: "The namespace of the ServerMaintenance.")
    var namespace = "default"

    @Option(help: "The name of the ServerMaintenance (default: <type>-<server> in lower case).")
    var name: String?

    @Option(
        help: ArgumentHelp(
            "The ServerBootConfiguration to use: a name, or a YAML file whose metadata.name (or name) is used.",
            valueName: "name-or-file"))
    var bootConfig: String?

    @Option(help: "Power during the maintenance: off (default) or on.")
    var power: String?

    func validate() throws {
        if let policy, !["owner-approval", "enforced"].contains(policy) { throw ValidationError("--policy must be owner-approval or enforced") }
        if let power, !["on", "off"].contains(power) { throw ValidationError("--power must be on or off") }
        if let priority, !(-1000...1000).contains(priority) { throw ValidationError("--priority must be within -1000…1000") }
        // A name is a Kubernetes object name: no "/", no file ending. What looks like a path
        // and is not there is a mistyped file, not a name to send.
        if let bootConfig, !FileManager.default.fileExists(atPath: bootConfig), Self.looksLikePath(bootConfig) {
            throw ValidationError("--boot-config \(bootConfig): no such file (a name has no \"/\" and no .yaml, .yml or .json ending)")
        }
    }

    /// Whether `value` names a file rather than a ServerBootConfiguration.
    static func looksLikePath(_ value: String) -> Bool {
        value.contains("/") || [".yaml", ".yml", ".json"].contains { value.lowercased().hasSuffix($0) }
    }

    /// The boot configuration's name: the option itself, or the name inside the file it names.
    func bootConfigurationName() throws -> String? {
        guard let bootConfig else { return nil }
        guard FileManager.default.fileExists(atPath: bootConfig) else { return bootConfig }
        let text = try String(contentsOfFile: bootConfig, encoding: .utf8)
        let node = try YAMLParser().parse(text, file: bootConfig)
        if case .scalar(let scalar)? = node.node(at: ["metadata", "name"]) ?? node.node(at: ["name"]) { return scalar.value }
        throw ValidationError("\(bootConfig): no metadata.name or name in the boot configuration")
    }

    func run() async throws {
        var data: JSONObject = [
            "namespace": .string(namespace), "name": .string(name ?? "\(type)-\(server)".lowercased()), "type": .string(type),
        ]
        if let priority { data["priority"] = .int(Int64(priority)) }
        if let policy { data["policy"] = .string(policy) }
        if let boot = try bootConfigurationName() { data["bootConfiguration"] = .string(boot) }
        if let power { data["power"] = .string(power) }
        try await request.send(OutgoingEvent(EventName.maintenanceRequested, key: server, .object(data)))
    }
}
