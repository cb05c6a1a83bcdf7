/// One Kafka record header: a string key and an optional byte value.
///
/// Headers carry metadata beside the value (CloudEvents attributes in `ce_*` headers);
/// keys may repeat and order is kept.
public struct KafkaHeader: Sendable, Hashable {
    /// The header's name.
    public var key: String
    /// The header's bytes; `nil` for a header without value.
    public var value: [UInt8]?

    /// Creates a header with a byte value.
    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }

    /// Creates a header whose value is the UTF-8 bytes of `string`.
    public init(key: String, string: String) {
        self.init(key: key, value: Array(string.utf8))
    }

    /// The value decoded as UTF-8, or `nil` when there is no value.
    public var stringValue: String? {
        value.map { String(decoding: $0, as: UTF8.self) }
    }
}
