/// A CloudEvents 1.0 event: the envelope every message of maintenanced carries.
///
/// On Kafka it travels in binary content mode (attributes in `ce_*` headers, the
/// JSON data as the value); structured mode (the whole event as one JSON object)
/// is accepted on input too. See `CloudEventCodec`.
public struct CloudEvent: Sendable, Hashable {
    /// The only CloudEvents version this service speaks.
    public static let specVersion = "1.0"

    /// Unique per source; for output events a deterministic function of the input (see `EventID`).
    public var id: String
    /// Who produced the event, as a URI reference, e.g. `/maintenanced/scheduler`.
    public var source: String
    /// What happened, e.g. `dev.maintenanced.maintenance.requested`.
    public var type: String
    /// The subject within the source: here the server id (or cluster id).
    public var subject: String?
    /// When it happened, in milliseconds since the Unix epoch (RFC 3339 on the wire).
    public var time: Int64?
    /// The media type of `data`; JSON for every event of this service.
    public var dataContentType: String?
    /// A URI of the JSON Schema that `data` follows.
    public var dataSchema: String?
    /// The payload.
    public var data: JSONValue?
    /// Extension attributes (lower-case names), kept as text.
    public var extensions: [String: String]

    public init(
        id: String,
        source: String,
        type: String,
        subject: String? = nil,
        time: Int64? = nil,
        dataContentType: String? = "application/json",
        dataSchema: String? = nil,
        data: JSONValue? = nil,
        extensions: [String: String] = [:]
    ) {
        self.id = id
        self.source = source
        self.type = type
        self.subject = subject
        self.time = time
        self.dataContentType = dataContentType
        self.dataSchema = dataSchema
        self.data = data
        self.extensions = extensions
    }
}
