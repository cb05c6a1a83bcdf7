/// A server status together with its detail; only the seed's combinations exist.
public struct ServerCondition: DiagramState, CustomStringConvertible {
    /// The status.
    public var status: ServerStatus
    /// The detail of the status.
    public var detail: StatusDetail

    private init(_ status: ServerStatus, _ detail: StatusDetail) {
        self.status = status
        self.detail = detail
    }

    /// Unknown: not registered yet.
    public static let unknown = ServerCondition(.unknown, .none)
    /// Pending: registered, being configured.
    public static let pending = ServerCondition(.pending, .none)
    /// Pending (re-configuring).
    public static let reConfiguring = ServerCondition(.pending, .reConfiguring)
    /// Ready.
    public static let ready = ServerCondition(.ready, .none)
    /// Ready (updating): the OS update is being applied.
    public static let updating = ServerCondition(.ready, .updating)
    /// Offline (rebooting).
    public static let rebooting = ServerCondition(.offline, .rebooting)
    /// Offline (shut down).
    public static let shutDown = ServerCondition(.offline, .shutDown)
    /// Offline (unresponsive).
    public static let unresponsive = ServerCondition(.offline, .unresponsive)

    /// Every combination the seed allows.
    public static let all: [ServerCondition] = [
        .unknown, .pending, .reConfiguring, .ready, .updating, .rebooting, .shutDown, .unresponsive,
    ]

    /// The combination of `status` and `detail`, or nil when the seed does not allow it.
    public init?(status: ServerStatus, detail: StatusDetail) {
        let candidate = ServerCondition(status, detail)
        guard Self.all.contains(candidate) else { return nil }
        self = candidate
    }

    /// The diagram node is the status: the seed draws details inside their status.
    public var diagramNode: DiagramNode { .state("Server" + status.label, status.label) }

    public var description: String { detail == .none ? status.label : "\(status.label) (\(detail.label))" }
}
