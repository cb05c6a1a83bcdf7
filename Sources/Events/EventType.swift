/// One entry of the event catalogue: an event type with its topic, key, who
/// produces and consumes it, the schema of its data and an example.
public struct EventType: Sendable {
    /// What the Kafka key of the event is.
    public enum Key: String, Sendable, CaseIterable {
        /// The server id: all events of one server land on the same partition of every topic.
        case server
        /// The cluster id, for work that spans the servers of a cluster.
        case cluster
        /// The partition itself (ticks): the producer picks the partition explicitly.
        case partition
    }

    /// The CloudEvents `type`, e.g. `dev.maintenanced.maintenance.requested`.
    public var type: String { didSet { schemaID = Self.schemaID(of: type) } }
    /// The topic it travels on.
    public var topic: String
    public var key: Key
    /// Who produces it (a role of maintenanced or an outside party).
    public var producers: [String]
    /// Who consumes it.
    public var consumers: [String]
    /// One sentence on what it means.
    public var summary: String
    /// The shape of its data.
    public var schema: EventSchema
    /// A valid example of its data.
    public var example: JSONValue

    public init(
        type: String,
        topic: String,
        key: Key,
        producers: [String],
        consumers: [String],
        summary: String,
        schema: EventSchema,
        example: JSONValue
    ) {
        self.type = type
        self.schemaID = Self.schemaID(of: type)
        self.topic = topic
        self.key = key
        self.producers = producers
        self.consumers = consumers
        self.summary = summary
        self.schema = schema
        self.example = example
    }

    /// The base of the schema ids; the files live under `topics/schemas/`.
    public static let schemaBase = "https://maintenanced.dev/schemas/"

    /// The URI of this type's JSON Schema (the `dataschema` attribute of its events): kept,
    /// not made again for every output event.
    public private(set) var schemaID: String

    private static func schemaID(of type: String) -> String { schemaBase + type + ".json" }

    /// The file name of this type's JSON Schema under `topics/schemas/`.
    public var schemaFileName: String { type + ".json" }

    /// The JSON Schema document of this type's data.
    public var jsonSchema: JSONValue {
        schema.jsonSchema(id: schemaID, title: type, description: summary)
    }
}
