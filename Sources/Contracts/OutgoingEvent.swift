import Events

/// An event a role emits, before the runtime gives it its id, source and time.
public struct OutgoingEvent: Sendable, Hashable {
    /// The topic to produce to.
    public var topic: String
    /// The Kafka key and CloudEvents subject: a server id or a cluster id.
    public var key: String
    /// The CloudEvents type (a catalogue entry).
    public let type: String
    /// The data.
    public var data: JSONValue
    /// The type's schema id (`dataschema`): looked up in the catalogue once, with the topic.
    public let dataSchema: String?
}

extension OutgoingEvent {
    /// An event of catalogue type `type` on that type's topic.
    public init(_ type: String, key: String, _ data: JSONValue = [:]) {
        let entry = EventCatalog.entry(for: type)
        self.init(topic: entry?.topic ?? TopicName.serverTransitions, key: key, type: type, data: data, dataSchema: entry?.schemaID)
    }

    /// The CloudEvent, given the id and time the runtime decided.
    public func cloudEvent(id: String, source: String, time: Int64) -> CloudEvent {
        CloudEvent(
            id: id, source: source, type: type, subject: key, time: time, dataContentType: "application/json",
            dataSchema: dataSchema, data: data
        )
    }
}
