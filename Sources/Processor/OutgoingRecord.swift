import Events

/// A message the runtime produces: an output event, a changelog entry, or a dead letter.
public struct OutgoingRecord: Sendable, Hashable {
    public var topic: String
    /// The partition, or nil for the key's (murmur2) partition.
    public var partition: Int32?
    public var message: EventMessage

    public init(topic: String, partition: Int32?, message: EventMessage) {
        self.topic = topic
        self.partition = partition
        self.message = message
    }
}
