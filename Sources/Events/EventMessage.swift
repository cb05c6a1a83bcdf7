/// An event as a Kafka message: key, value and headers, not tied to a client library.
public struct EventMessage: Sendable, Hashable {
    public var key: [UInt8]?
    public var value: [UInt8]
    /// The headers in order, packed in one buffer (`MessageHeaders`).
    public var headers: MessageHeaders

    public init(key: [UInt8]?, value: [UInt8], headers: MessageHeaders) {
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// The first header named `name`, as text (nil: none, or not UTF-8).
    public func header(_ name: String) -> String? {
        headers.string(named: name)
    }
}
