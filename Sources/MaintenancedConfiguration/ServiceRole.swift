/// The three consumers of maintenanced (docs/ARCHITECTURE.md), each its own consumer
/// group and its own part of a server's state. The raw values are the names
/// used in configuration, on the command line, in logs and in metrics labels.
public enum ServiceRole: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// The maintenance scheduler.
    case scheduler
    /// The power controller.
    case power
    /// The update orchestrator.
    case update

    public var description: String { rawValue }
}
