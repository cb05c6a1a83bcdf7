/// One header of a Kafka message: a name and bytes (nil: a header without value).
///
/// The element of `MessageHeaders`, made when a header is read one by one; the hot path
/// reads the headers in place instead (`MessageHeaders.forEach(_:)`).
public struct MessageHeader: Sendable, Hashable {
    /// The header's name.
    public var name: String
    /// The header's bytes; nil for a header without value.
    public var value: [UInt8]?

    public init(name: String, value: [UInt8]?) {
        self.name = name
        self.value = value
    }

    /// A header whose value is the UTF-8 bytes of `string`.
    public init(name: String, string: String) {
        self.init(name: name, value: Array(string.utf8))
    }

    /// The value as text; nil when there is none or it is not valid UTF-8.
    public var stringValue: String? { value.flatMap { String(utf8: $0) } }
}
