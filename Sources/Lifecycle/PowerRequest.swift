/// A power command: what to do, who asked, and the request id the answer carries.
public struct PowerRequest: Sendable, Hashable {
    /// The operation.
    public var kind: PowerOperationKind
    /// Who asked.
    public var requester: Requester
    /// The requester's id for this request; the completion or failure carries it back.
    public var id: String

    /// Creates a power command.
    public init(_ kind: PowerOperationKind, by requester: Requester, id: String) {
        self.kind = kind
        self.requester = requester
        self.id = id
    }

    /// The request id of the BMC requests that carry this command out: its requester and its id
    /// (`operator/op-1`, `scheduler/maintenance-power-3`, `update/update-1-reboot`, the requester
    /// spelled as on the wire). Command ids belong to each requester, so an operator that picks
    /// the scheduler's id gets BMC requests of its own: a BMC answer to one requester's command
    /// never counts for another's.
    public var bmcRequestID: String {
        let requester =
            switch self.requester {
            case .scheduler: "scheduler"
            case .updateOrchestrator: "update"
            case .operatorRequest: "operator"
            }
        return "\(requester)/\(id)"
    }
}
