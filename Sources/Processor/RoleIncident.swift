/// A dead letter or a rejection: what went wrong with which event of which server.
public struct RoleIncident<Reason: Sendable & Hashable & CustomStringConvertible>: Sendable, Hashable {
    /// A short, bounded reason: a `DeadLetter.Reason`, or a rejection code.
    public var reason: Reason
    /// The key of the event: the server (or cluster) id, if any.
    public var server: String?
    /// The id of the event, if it had one.
    public var event: String?
    /// The long explanation.
    public var detail: String

    /// An incident.
    public init(reason: Reason, server: String?, event: String?, detail: String) {
        self.reason = reason
        self.server = server
        self.event = event
        self.detail = detail
    }
}
