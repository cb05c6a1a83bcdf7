import Events

/// One event of generated input: its topic, its key (server or cluster id) and its bytes.
public struct InputRecord: Sendable {
    /// The topic it goes to.
    public var topic: String
    /// The Kafka key.
    public var key: String
    /// The CloudEvent in binary mode.
    public var message: EventMessage
}
