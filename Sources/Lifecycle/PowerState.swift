/// Whether a server's power is on or off, as desired or as observed by the BMC.
public enum PowerState: String, Sendable, Codable, Hashable, CaseIterable {
    case unknown, on, off
}

/// A power operation the power controller performs through the BMC.
public enum PowerOperationKind: String, Sendable, Codable, Hashable, CaseIterable {
    case powerOn, powerOff, reboot
}

/// Who asked for a power operation, so the completion can be routed back.
public enum Requester: String, Sendable, Codable, Hashable, CaseIterable {
    case scheduler, updateOrchestrator, operatorRequest
}

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

/// What the BMC adapter is asked to do.
public enum BMCAction: String, Sendable, Codable, Hashable, CaseIterable {
    case powerOn, gracefulOff, forcedOff, reboot
}

/// A request for the BMC adapter; its report must carry `requestID` and `sequence` back.
public struct BMCRequest: Sendable, Codable, Hashable {
    /// The action.
    public var action: BMCAction
    /// The power request this serves.
    public var requestID: String
    /// Counts the BMC requests sent for this power request (retries, escalation), from 1.
    public var sequence: Int
}
