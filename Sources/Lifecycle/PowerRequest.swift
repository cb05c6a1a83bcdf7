/// A power command: what to do, who asked, and the request id the answer carries.
public struct PowerRequest: Sendable, Codable, Hashable {
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
}
