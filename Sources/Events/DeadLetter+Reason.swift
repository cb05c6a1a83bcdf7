extension DeadLetter {
    /// Why a message went to the dead-letter topic: the one list of reasons. The raw value is
    /// the `dlq.reason` header and the `reason` label of `maintenanced_dead_letters_total`,
    /// stable across versions; every dead letter is built with one (`DeadLetter.message`), so
    /// `allCases` is every reason there can be (the counters made at 0 at the start, the
    /// catalogue's list in docs/EVENTS.md).
    public enum Reason: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        case tooLarge = "too-large"
        case invalidUTF8 = "invalid-utf8"
        case notJSON = "not-json"
        case tooDeep = "too-deep"
        case missingAttribute = "missing-attribute"
        case invalidAttribute = "invalid-attribute"
        case unsupportedSpecVersion = "unsupported-specversion"
        case unsupportedContentType = "unsupported-content-type"
        case unknownType = "unknown-type"
        case schemaViolation = "schema-violation"
        case invalidKey = "invalid-key"
        /// The key belongs on another partition of its topic than the one it was read from.
        case wrongPartition = "wrong-partition"
        /// A record of a role's own input log (`<role>.input`) that is neither a bundle nor a
        /// copy or tick this build reads.
        case invalidRoleLog = "invalid-role-log"

        /// The raw value, as headers, labels and logs spell it.
        public var description: String { rawValue }

        /// What the reason means, in words (docs/EVENTS.md).
        public var summary: String {
            switch self {
            case .tooLarge: "The value is over the size limit (`limits.maxEventBytes`, 1 MiB by default)."
            case .invalidUTF8: "The value, a header that must be text, or the key is not valid UTF-8."
            case .notJSON: "The value is not JSON: garbage, truncated, or bytes after the document."
            case .tooDeep: "The JSON nests deeper than 32 levels."
            case .missingAttribute: "A required CloudEvents attribute (`id`, `source`, `type`, `specversion`) is absent."
            case .invalidAttribute:
                "An attribute's value is not acceptable: a time not RFC 3339, an empty id, an attribute given twice, "
                    + "an extension name CloudEvents does not allow, a type that belongs on another topic, or a `source` other than "
                    + "its producer's for a type only maintenanced's roles send (or a power command naming a role as `requester`)."
            case .unsupportedSpecVersion: "The event is of a CloudEvents version other than 1.0."
            case .unsupportedContentType: "The data is not JSON by its `content-type` (or is structured mode's `data_base64`)."
            case .unknownType: "The type is not in this catalogue."
            case .schemaViolation: "The data does not follow its type's schema (the type's section above, `topics/schemas/`)."
            case .invalidKey: "The message has no key, an empty one, or one that is not the event's subject."
            case .wrongPartition:
                "The key belongs on another partition by Kafka's murmur2 partitioner than the one the event was read from "
                    + "(produce with `partitioner=murmur2_random`)."
            case .invalidRoleLog:
                "A record of a role's own input log (`<role>.input`, the `dlq.topic`) that this build cannot read: "
                    + "written by a newer build, or by something other than maintenanced (docs/deploy.md, on upgrades)."
            }
        }
    }
}
