/// A `ServerMaintenance`'s identity: its namespace and name.
public struct MaintenanceID: Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    /// The namespace (e.g. `ops`).
    public var namespace: String
    /// The name within the namespace (e.g. `bios-update`).
    public var name: String

    /// Creates an id.
    public init(namespace: String, name: String) {
        self.namespace = namespace
        self.name = name
    }

    public static func < (lhs: MaintenanceID, rhs: MaintenanceID) -> Bool {
        (lhs.namespace, lhs.name) < (rhs.namespace, rhs.name)
    }

    public var description: String { "\(namespace)/\(name)" }
}
