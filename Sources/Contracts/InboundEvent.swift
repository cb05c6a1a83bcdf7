import Events

/// An input event that passed every check of the contract: a CloudEvent of a
/// known type, on the topic that carries that type, with a key, and data that
/// follows the type's schema. Roles map it to their lifecycle inputs.
public struct InboundEvent: Sendable {
    /// The event's attributes. `event.data` is nil: its data is `data`, read against the
    /// type's schema.
    public var event: CloudEvent
    /// The topic it was read from.
    public var topic: String
    /// The Kafka key: the server id (or the cluster id on cluster-keyed topics).
    public var key: String
    /// The catalogue entry of its type.
    public var entry: EventType
    /// Its data's members, checked against the type's schema.
    public var data: EventData

    /// Reads and checks the event a message carries, read from `topic`: its attributes
    /// (`codec`), its type against the catalogue and the topic, its key, and its data
    /// against the type's schema in place (`EventSchema.read`, no JSON tree).
    public init(message: EventMessage, topic: String, codec: CloudEventCodec) throws(EventDecodingError) {
        let (event, data) = try codec.decodeEnvelope(message)
        let entry: EventType
        let key: String
        do {
            (entry, key) = try Self.check(event, topic: topic, key: message.key)
        } catch {
            // Data that is not JSON is named first, as a reader of the whole message finds it first.
            if let data { try codec.checkJSON(data) }
            throw error
        }
        self.data = try entry.schema.read(data, type: entry.type, maxDepth: codec.maxDepth)
        self.event = event
        self.topic = topic
        self.key = key
        self.entry = entry
    }

    /// Checks a decoded event against the catalogue and the topic it came from.
    public init(event: CloudEvent, topic: String, key: [UInt8]?) throws(EventDecodingError) {
        let (entry, text) = try Self.check(event, topic: topic, key: key)
        self.data = try entry.schema.read(event.data, type: event.type)
        self.event = event
        self.event.data = nil
        self.topic = topic
        self.key = text
        self.entry = entry
    }

    /// The catalogue entry of the event's type and its key as text, checked.
    private static func check(_ event: CloudEvent, topic: String, key: [UInt8]?) throws(EventDecodingError) -> (EventType, String) {
        guard let entry = EventCatalog.entry(for: event.type) else { throw .unknownType(event.type) }
        guard entry.topic == topic else {
            throw .invalidAttribute(name: "type", reason: "'\(event.type)' belongs on \(entry.topic), not on \(topic)")
        }
        if let roles = EventCatalog.producingRoles(of: entry), !roles.contains(where: { $0.source == event.source }) {
            // A type only maintenanced's roles send (a lease, a slot, a power answer) moves
            // another role's state: from anyone else it would bypass the arbiter (PROTOCOL §1).
            throw .invalidAttribute(
                name: "source", reason: "'\(event.source)' may not send \(event.type): only \(roles.map(\.source).joined(separator: ", ")) does")
        }
        guard let key, !key.isEmpty else { throw .invalidKey("is missing: the key must be the \(entry.key.rawValue) id") }
        guard let text = String(utf8: key) else { throw .invalidUTF8(where: "message key") }
        if entry.key != .partition, let subject = event.subject, subject != text {
            throw .invalidKey("'\(text)' is not the event's subject '\(subject)'")
        }
        return (entry, text)
    }

    /// The string member `name` (validated by the schema when required).
    public func string(_ name: String) -> String? { data.string(name) }

    /// The integer member `name`.
    public func int(_ name: String) -> Int? { data.int(name).map { Int($0) } }

    /// The boolean member `name`.
    public func bool(_ name: String) -> Bool? { data.bool(name) }

    /// A required string member; the schema guarantees it, this keeps the mapping total.
    public func required(_ name: String) throws(EventDecodingError) -> String {
        guard let value = string(name) else {
            throw .schemaViolation(type: event.type, path: "$." + name, reason: "required member is missing")
        }
        return value
    }
}
