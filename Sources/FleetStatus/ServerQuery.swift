import Lifecycle

/// The filter and page of `GET /v1/servers` (and `maintenanced get servers`):
/// `state=S` (any of the server's states), `waiting=ROLE|STEP|any`, `stuck=true|false`,
/// `stuckAfter=SPAN`, `limit=N` (1–1000, default 100), `offset=N`.
public struct ServerQuery: Sendable, Hashable {
    /// Only servers in this state (status, detail, operational, maintenance or update state).
    public var state: String?
    /// Only servers where this role or step is waited for (`any`: any wait).
    public var waiting: String?
    /// Only stuck (true) or not stuck (false) servers.
    public var stuck: Bool?
    /// Overrides the stuck rule's `after`.
    public var stuckAfter: Milliseconds?
    /// The page size.
    public var limit: Int
    /// How many matching servers to skip.
    public var offset: Int

    /// A query; the defaults match every server, first page of 100.
    public init(state: String? = nil, waiting: String? = nil, stuck: Bool? = nil, stuckAfter: Milliseconds? = nil, limit: Int = 100, offset: Int = 0) {
        self.state = state
        self.waiting = waiting
        self.stuck = stuck
        self.stuckAfter = stuckAfter
        self.limit = limit
        self.offset = offset
    }

    /// The parameters it knows.
    public static let parameters = ["state", "waiting", "stuck", "stuckAfter", "limit", "offset"]

    /// Parses query parameters; throws `StatusError.badRequest` naming the parameter on
    /// anything malformed, unknown or given twice; a value must be one the filter can match
    /// (a typo would otherwise match nothing, and look like an empty fleet).
    public init(parameters: [(String, String)]) throws(StatusError) {
        self.init()
        var seen: Set<String> = []
        for (name, value) in parameters {
            guard seen.insert(name).inserted || !Self.parameters.contains(name) else {
                throw .badRequest("\(name) given twice: each filter takes one value", parameter: name)
            }
            switch name {
            case "state":
                guard ServerStatusView.isState(value) else {
                    let expected = ServerStatusView.states.map { "\($0.kind) (\($0.names.joined(separator: ", ")))" }
                    throw .badRequest(
                        "state=\(value): expected \(expected.dropLast().joined(separator: ", ")) or \(expected.last ?? ""); case and spaces ignored",
                        parameter: name)
                }
                state = value
            case "waiting":
                let roles = Role.allCases.map(\.rawValue)
                // Case ignored, as for state=: the name as the API writes it is kept.
                guard let canonical = (["any"] + roles + RoleWait.stepNames.sorted()).first(where: { $0.lowercased() == value.lowercased() }) else {
                    throw .badRequest(
                        "waiting=\(value): expected any, a role (\(roles.joined(separator: ", "))) or a step (\(RoleWait.stepNames.sorted().joined(separator: ", "))); case ignored",
                        parameter: name)
                }
                waiting = canonical
            case "stuck":
                guard let flag = Bool(value) else { throw .badRequest("stuck=\(value): expected true or false", parameter: name) }
                stuck = flag
            case "stuckAfter":
                guard let span = StatusText.parseSpan(value) else { throw .badRequest("stuckAfter=\(value): expected a span like 90s, 5m or 2h", parameter: name) }
                stuckAfter = Milliseconds(span)
            case "limit":
                guard let number = Int(value), (1...1000).contains(number) else { throw .badRequest("limit=\(value): expected 1 to 1000", parameter: name) }
                limit = number
            case "offset":
                guard let number = Int(value), number >= 0 else { throw .badRequest("offset=\(value): expected 0 or more", parameter: name) }
                offset = number
            default:
                throw .badRequest("unknown parameter \(name) (known: \(Self.parameters.joined(separator: ", ")))", parameter: name)
            }
        }
    }

    /// Whether `view` passes the filter.
    public func matches(_ view: ServerStatusView) -> Bool {
        if let state, !view.isIn(state: state) { return false }
        if let waiting, !view.isWaiting(for: waiting) { return false }
        if let stuck, view.isStuck != stuck { return false }
        return true
    }
}
