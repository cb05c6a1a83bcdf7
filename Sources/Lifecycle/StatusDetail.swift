/// The secondary state of a server status (seed: status detail).
public enum StatusDetail: String, Sendable, Hashable, CaseIterable {
    case none, reConfiguring, updating, rebooting, shutDown, unresponsive

    /// The seed's name of the detail.
    public var label: String {
        switch self {
        case .none: "none"
        case .reConfiguring: "re-configuring"
        case .updating: "updating"
        case .rebooting: "rebooting"
        case .shutDown: "shut down"
        case .unresponsive: "unresponsive"
        }
    }
}
