/// Why an input does not fit a state machine's current state.
///
/// A rejected input changes nothing; the runtime answers it with a
/// `transition rejected` event that carries this reason.
public enum Rejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input has no arrow from the current state.
    case notApplicable(state: String, input: String)
    /// The input repeats something already applied.
    case duplicate(String)
    /// The input answers a request that is no longer outstanding (late or for an older attempt).
    case stale(String)
    /// The input names a maintenance this server does not have (any more).
    case unknownMaintenance(MaintenanceID)
    /// The input is malformed (e.g. a limit below 1).
    case invalid(String)

    public var description: String {
        switch self {
        case let .notApplicable(state, input): "\(input) does not apply in state \(state)"
        case let .duplicate(what): "duplicate: \(what)"
        case let .stale(what): "stale: \(what)"
        case let .unknownMaintenance(id): "unknown maintenance \(id)"
        case let .invalid(what): "invalid: \(what)"
        }
    }
}
