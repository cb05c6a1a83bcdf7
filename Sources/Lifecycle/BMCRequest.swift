/// A request for the BMC adapter; its report must carry `requestID` and `sequence` back.
public struct BMCRequest: Sendable, Hashable {
    /// The action.
    public var action: BMCAction
    /// The power request this serves, with its requester (`PowerRequest.bmcRequestID`).
    public var requestID: String
    /// Counts the BMC requests sent for this power request (retries, escalation), from 1.
    public var sequence: Int
}
