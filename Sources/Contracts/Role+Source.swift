import Lifecycle

extension Role {
    /// The CloudEvents `source` of the events this role emits (literals: asked for every output event).
    public var source: String {
        switch self {
        case .scheduler: "/maintenanced/scheduler"
        case .power: "/maintenanced/power"
        case .update: "/maintenanced/update"
        }
    }

    /// The role that emitted an event, from its `source`; nil for outside producers.
    public init?(source: String) {
        guard source.hasPrefix("/maintenanced/") else { return nil }
        self.init(rawValue: String(source.dropFirst("/maintenanced/".count)))
    }
}
