import ArgumentParser
import Events

/// Which ServerMaintenance a request is about.
struct MaintenanceOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "The server id (the Kafka key).")
    var server: String

    @Option(help: "The namespace of the ServerMaintenance.")
    var namespace = "default"

    @Option(help: "The name of the ServerMaintenance within its namespace.")
    var name: String

    /// The data members that name the maintenance.
    var members: JSONObject { ["namespace": .string(namespace), "name": .string(name)] }
}
