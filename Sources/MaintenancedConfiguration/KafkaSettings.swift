import Kafka

/// How the service reaches Kafka: the bootstrap servers and any librdkafka
/// property, passed through unchanged (`security.protocol`, `sasl.*`, `ssl.*`, …).
///
/// Secrets need not be written into the file: `propertyFiles` names a file
/// whose content (without a final newline) becomes a property's value, for
/// Kubernetes Secrets mounted as files, and every property can also be set by
/// an environment variable (`MAINTENANCED_KAFKA_PROPERTY_SASL_PASSWORD`).
public struct KafkaSettings: Sendable, Hashable, Decodable {
    /// `bootstrap.servers`: `host:port` pairs separated by commas.
    public var bootstrapServers: String
    /// `client.id`, also the prefix of the client ids of each role.
    public var clientID: String
    /// librdkafka properties by their librdkafka names.
    public var properties: [String: String]
    /// librdkafka properties whose values are read from files, by property name.
    public var propertyFiles: [String: String]

    /// Settings for `bootstrapServers` and nothing else.
    public init(
        bootstrapServers: String = "localhost:9092",
        clientID: String = "maintenanced",
        properties: [String: String] = [:],
        propertyFiles: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.clientID = clientID
        self.properties = properties
        self.propertyFiles = propertyFiles
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case bootstrapServers, clientID = "clientId", properties, propertyFiles
    }

    public init(from decoder: any Decoder) throws {
        let defaults = KafkaSettings()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        bootstrapServers = try container.decode(forKey: .bootstrapServers, default: defaults.bootstrapServers)
        clientID = try container.decode(forKey: .clientID, default: defaults.clientID)
        properties = try container.decode(forKey: .properties, default: defaults.properties)
        propertyFiles = try container.decode(forKey: .propertyFiles, default: defaults.propertyFiles)
    }

    /// The librdkafka configuration without the file-held properties: bootstrap
    /// servers, client id and the pass-through properties. ``ServiceConfiguration/kafkaConfiguration``
    /// adds the values read from `propertyFiles`.
    public var inlineConfiguration: KafkaConfiguration {
        var configuration = KafkaConfiguration(bootstrapServers: bootstrapServers, properties)
        if configuration["client.id"] == nil { configuration["client.id"] = clientID }
        return configuration
    }
}
