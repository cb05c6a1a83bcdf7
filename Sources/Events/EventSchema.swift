/// The shape of an event type's `data`: the single source of truth from which the
/// decoder validates input, the JSON Schema files under `topics/schemas/` are
/// generated, and docs/EVENTS.md describes the payload.
public struct EventSchema: Sendable {
    /// The members of the data object, in order.
    public var fields: [Field] {
        didSet { layout = Layout(fields) }
    }

    /// Where `read` keeps each scalar member: computed once per schema, shared by every
    /// `EventData` read against it.
    private(set) var layout: Layout

    public init(_ fields: [Field]) {
        self.fields = fields
        self.layout = Layout(fields)
    }

    /// One member of an object.
    public struct Field: Sendable {
        public var name: String
        public var kind: Kind
        public var required: Bool
        public var summary: String

        public init(_ name: String, _ kind: Kind, required: Bool = true, _ summary: String) {
            self.name = name
            self.kind = kind
            self.required = required
            self.summary = summary
        }

        /// An optional member.
        public static func optional(_ name: String, _ kind: Kind, _ summary: String) -> Field {
            Field(name, kind, required: false, summary)
        }
    }

    /// What a member's value may be.
    public indirect enum Kind: Sendable {
        /// A non-empty string of at most `maxLength` characters.
        case string(maxLength: Int = 253)
        /// One of a fixed set of strings.
        case oneOf([String])
        /// An integer within bounds.
        case integer(minimum: Int64 = .min, maximum: Int64 = .max)
        case boolean
        /// An RFC 3339 timestamp string.
        case timestamp
        /// An object with these members and no others.
        case object([Field])
        /// An array of values of one kind.
        case array(Kind, maxItems: Int = 1000)
        /// An object whose members are all strings (labels, settings).
        case stringMap
    }
}
