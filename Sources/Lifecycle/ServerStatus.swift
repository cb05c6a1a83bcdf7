/// A server's status as the power controller tracks it (seed: server state).
public enum ServerStatus: String, Sendable, Hashable, CaseIterable {
    case unknown, pending, ready, offline

    /// The seed's name of the state.
    public var label: String {
        switch self {
        case .unknown: "Unknown"
        case .pending: "Pending"
        case .ready: "Ready"
        case .offline: "Offline"
        }
    }
}
