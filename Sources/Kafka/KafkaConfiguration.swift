/// librdkafka properties for a producer, consumer or admin client.
///
/// Any librdkafka property passes through unchanged (`security.protocol`, `sasl.*`,
/// `ssl.*`, …), so production clusters need no code change. The exceptions are the
/// properties this package reads itself (`consumer.idle.pause.ms`, `consumer.idle.probe.ms`:
/// see `IdleFetching`), which librdkafka never sees. Values of secret-like
/// properties are masked in `description` and in every log line this package writes.
public struct KafkaConfiguration: Sendable, Hashable {
    /// The properties, by librdkafka name.
    public var properties: [String: String]

    /// Creates a configuration from librdkafka properties.
    public init(_ properties: [String: String] = [:]) {
        self.properties = properties
    }

    /// Creates a configuration for the given `bootstrap.servers` and any further properties.
    public init(bootstrapServers: String, _ properties: [String: String] = [:]) {
        self.properties = properties
        self.properties["bootstrap.servers"] = bootstrapServers
    }

    /// Reads or sets one property; `nil` removes it.
    public subscript(key: String) -> String? {
        get { properties[key] }
        set { properties[key] = newValue }
    }

    /// `bootstrap.servers`: the brokers to contact first.
    public var bootstrapServers: String? {
        get { properties["bootstrap.servers"] }
        set { properties["bootstrap.servers"] = newValue }
    }

    /// Returns a copy with the properties of `other` set over these.
    public func merging(_ other: [String: String]) -> KafkaConfiguration {
        KafkaConfiguration(properties.merging(other) { _, new in new })
    }

    /// Returns a copy with `key` set to `value` only where it is not set already.
    public func settingDefault(_ key: String, _ value: String) -> KafkaConfiguration {
        var copy = self
        if copy.properties[key] == nil { copy.properties[key] = value }
        return copy
    }
}
