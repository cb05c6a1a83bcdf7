/// Why an incoming message is not an event this service can take.
///
/// Every case has a machine-readable `reason` (the dead-letter topic's `dlq.reason`
/// header, one of `DeadLetter.Reason`) and a human-readable `description` (`dlq.error`).
public enum EventDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The value is larger than the configured limit.
    case tooLarge(size: Int, limit: Int)
    /// The value (or a header that must be text) is not valid UTF-8.
    case invalidUTF8(where: String)
    /// The value is not JSON.
    case notJSON(JSONError)
    /// A required CloudEvents attribute is absent.
    case missingAttribute(String)
    /// An attribute is present but its value is not acceptable.
    case invalidAttribute(name: String, reason: String)
    /// The event claims a CloudEvents version other than 1.0.
    case unsupportedSpecVersion(String)
    /// The data is not in a media type this service reads (only JSON).
    case unsupportedContentType(String)
    /// The event type is not one this service knows.
    case unknownType(String)
    /// The data does not follow the event type's schema.
    case schemaViolation(type: String, path: String, reason: String)
    /// The message has no key, or its key is not the event's subject.
    case invalidKey(String)

    /// The dead-letter reason: `too-large`, `invalid-utf8`, `not-json`, `too-deep`,
    /// `missing-attribute`, `invalid-attribute`, `unsupported-specversion`,
    /// `unsupported-content-type`, `unknown-type`, `schema-violation`, `invalid-key`.
    public var reason: DeadLetter.Reason {
        switch self {
        case .tooLarge: .tooLarge
        case .invalidUTF8: .invalidUTF8
        case .notJSON(let error) where error.kind == .invalidUTF8: .invalidUTF8
        case .notJSON(let error) where error.kind == .tooDeep: .tooDeep
        case .notJSON: .notJSON
        case .missingAttribute: .missingAttribute
        case .invalidAttribute: .invalidAttribute
        case .unsupportedSpecVersion: .unsupportedSpecVersion
        case .unsupportedContentType: .unsupportedContentType
        case .unknownType: .unknownType
        case .schemaViolation: .schemaViolation
        case .invalidKey: .invalidKey
        }
    }

    public var description: String {
        switch self {
        case .tooLarge(let size, let limit): return "message of \(size) bytes is over the limit of \(limit) bytes"
        case .invalidUTF8(let location): return "\(location) is not valid UTF-8"
        case .notJSON(let error): return "value is not JSON: \(error)"
        case .missingAttribute(let name): return "required CloudEvents attribute '\(name)' is missing"
        case .invalidAttribute(let name, let reason): return "CloudEvents attribute '\(name)' \(reason)"
        case .unsupportedSpecVersion(let version): return "CloudEvents specversion '\(version)' is not supported (only 1.0)"
        case .unsupportedContentType(let type): return "data content type '\(type)' is not supported (only JSON)"
        case .unknownType(let type): return "event type '\(type)' is not known"
        case .schemaViolation(let type, let path, let reason): return "\(type) data at \(path): \(reason)"
        case .invalidKey(let reason): return "message key \(reason)"
        }
    }
}
