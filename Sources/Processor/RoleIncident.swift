/// A dead letter or a rejection: what went wrong with which event of which server.
public struct RoleIncident: Sendable, Hashable {
    /// A short, bounded reason (a dead-letter reason or a rejection code).
    public var reason: String
    /// The key of the event: the server (or cluster) id, if any.
    public var server: String?
    /// The id of the event, if it had one.
    public var event: String?
    /// The long explanation.
    public var detail: String

    /// An incident.
    public init(reason: String, server: String?, event: String?, detail: String) {
        self.reason = reason
        self.server = server
        self.event = event
        self.detail = detail
    }
}
