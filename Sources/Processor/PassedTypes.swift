/// Per source topic, the event types (`ce_type`) a role does not take: the sequencer passes
/// them over. Asked once per message read, with the type in the message's buffer, so it is
/// compared as bytes, without making a `String` of it.
public struct PassedTypes: Sendable {
    /// The types per topic.
    public let types: [String: Set<String>]
    /// The same, as UTF-8 bytes.
    private let bytes: [String: [[UInt8]]]

    public init(_ types: [String: Set<String>]) {
        self.types = types
        self.bytes = types.mapValues { $0.sorted().map { Array($0.utf8) } }
    }

    /// Whether an event of `type` (its bytes; nil: no type) read from `topic` is passed over.
    public func contains(topic: String, type: UnsafeRawBufferPointer?) -> Bool {
        guard let type, let passed = bytes[topic] else { return false }
        return passed.contains { candidate in candidate.count == type.count && candidate.withUnsafeBytes { $0.elementsEqual(type) } }
    }

    /// Whether an event of `type` (nil: no type) read from `topic` is passed over.
    public func contains(topic: String, type: String?) -> Bool {
        guard let type else { return false }
        return types[topic]?.contains(type) == true
    }
}
