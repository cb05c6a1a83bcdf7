import Lifecycle

extension Role {
    /// The CloudEvents `source` of the events this role emits.
    public var source: String { "/maintenanced/\(rawValue)" }

    /// The role that emitted an event, from its `source`; nil for outside producers.
    public init?(source: String) {
        guard source.hasPrefix("/maintenanced/") else { return nil }
        self.init(rawValue: String(source.dropFirst("/maintenanced/".count)))
    }
}
