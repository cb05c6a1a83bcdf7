import Events

/// An input event that passed every check of the contract: a CloudEvent of a
/// known type, on the topic that carries that type, with a key, and data that
/// follows the type's schema. Roles map it to their lifecycle inputs.
public struct InboundEvent: Sendable {
    /// The event.
    public var event: CloudEvent
    /// The topic it was read from.
    public var topic: String
    /// The Kafka key: the server id (or the cluster id on cluster-keyed topics).
    public var key: String
    /// The catalogue entry of its type.
    public var entry: EventType

    /// The data object (validated, so present and an object for every catalogued type).
    public var data: JSONObject { event.data?.objectValue ?? JSONObject() }

    /// Checks a decoded event against the catalogue and the topic it came from.
    public init(event: CloudEvent, topic: String, key: [UInt8]?) throws(EventDecodingError) {
        guard let entry = EventCatalog.entry(for: event.type) else { throw .unknownType(event.type) }
        guard entry.topic == topic else {
            throw .invalidAttribute(name: "type", reason: "'\(event.type)' belongs on \(entry.topic), not on \(topic)")
        }
        guard let key, !key.isEmpty else { throw .invalidKey("is missing: the key must be the \(entry.key.rawValue) id") }
        guard let text = String(utf8: key) else { throw .invalidUTF8(where: "message key") }
        if entry.key != .partition, let subject = event.subject, subject != text {
            throw .invalidKey("'\(text)' is not the event's subject '\(subject)'")
        }
        try entry.schema.validate(event.data, type: event.type)
        self.event = event
        self.topic = topic
        self.key = text
        self.entry = entry
    }

    /// The string member `name` (validated by the schema when required).
    public func string(_ name: String) -> String? { data[name]?.stringValue }

    /// The integer member `name`.
    public func int(_ name: String) -> Int? { data[name]?.intValue.map { Int($0) } }

    /// The boolean member `name`.
    public func bool(_ name: String) -> Bool? { data[name]?.boolValue }

    /// A required string member; the schema guarantees it, this keeps the mapping total.
    public func required(_ name: String) throws(EventDecodingError) -> String {
        guard let value = string(name) else {
            throw .schemaViolation(type: event.type, path: "$." + name, reason: "required member is missing")
        }
        return value
    }
}
