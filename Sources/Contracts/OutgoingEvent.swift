import Events

/// An event a role emits, before the runtime gives it its id, source and time.
public struct OutgoingEvent: Sendable, Hashable {
    /// The topic to produce to.
    public var topic: String
    /// The Kafka key and CloudEvents subject: a server id or a cluster id.
    public var key: String
    /// The CloudEvents type (a catalogue entry).
    public var type: String
    /// The data.
    public var data: JSONValue
}

extension OutgoingEvent {
    /// An event of catalogue type `type` on that type's topic.
    public init(_ type: String, key: String, _ data: JSONValue = [:]) {
        self.init(topic: EventCatalog.entry(for: type)?.topic ?? TopicName.serverTransitions, key: key, type: type, data: data)
    }

    /// The CloudEvent, given the id and time the runtime decided.
    public func cloudEvent(id: String, source: String, time: Int64) -> CloudEvent {
        CloudEvent(
            id: id, source: source, type: type, subject: key, time: time, dataContentType: "application/json",
            dataSchema: EventCatalog.entry(for: type)?.schemaID, data: data
        )
    }
}
