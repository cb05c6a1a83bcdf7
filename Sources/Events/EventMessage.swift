/// One Kafka header: a name and raw bytes.
public struct EventHeader: Sendable, Hashable {
    public var name: String
    public var value: [UInt8]

    public init(name: String, value: [UInt8]) {
        self.name = name
        self.value = value
    }

    public init(name: String, string: String) {
        self.init(name: name, value: Array(string.utf8))
    }

    /// The value as UTF-8 text, or nil when it is not valid UTF-8.
    public var stringValue: String? { String(utf8: value) }
}

/// An event as a Kafka message: key, value and headers, not tied to a client library.
public struct EventMessage: Sendable, Hashable {
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [EventHeader]

    public init(key: [UInt8]?, value: [UInt8], headers: [EventHeader]) {
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// The first header named `name`, as text.
    public func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.stringValue
    }
}
