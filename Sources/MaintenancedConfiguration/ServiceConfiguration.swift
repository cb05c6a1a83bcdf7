import Kafka
import Lifecycle

/// The whole configuration of a maintenanced process: one YAML file, with
/// environment overrides (see ``ConfigurationEnvironment``), validated before
/// use. Every key has a default, so an empty file is a valid configuration
/// for a local broker; an unknown key is an error.
public struct ServiceConfiguration: Sendable, Hashable, Decodable {
    /// How to reach Kafka.
    public var kafka: KafkaSettings
    /// The consumer group of each role.
    public var groups: ConsumerGroups
    /// Where the topic declarations are.
    public var topics: TopicsSettings
    /// Where local state is kept between runs.
    public var state: StateSettings
    /// The HTTP endpoint for probes and metrics.
    public var http: HTTPSettings
    /// Log level and format.
    public var logging: LoggingSettings
    /// The settings of each role.
    public var roles: RoleSettings
    /// Limits on input.
    public var limits: LimitsSettings
    /// Values of `kafka.propertyFiles`, read when the configuration was loaded,
    /// by property name. Never printed.
    public var fileProperties: [String: String]

    /// A configuration; every part defaults.
    public init(
        kafka: KafkaSettings = KafkaSettings(),
        groups: ConsumerGroups = ConsumerGroups(),
        topics: TopicsSettings = TopicsSettings(),
        state: StateSettings = StateSettings(),
        http: HTTPSettings = HTTPSettings(),
        logging: LoggingSettings = LoggingSettings(),
        roles: RoleSettings = RoleSettings(),
        limits: LimitsSettings = LimitsSettings()
    ) {
        self.kafka = kafka
        self.groups = groups
        self.topics = topics
        self.state = state
        self.http = http
        self.logging = logging
        self.roles = roles
        self.limits = limits
        self.fileProperties = [:]
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case kafka, groups, topics, state, http, logging, roles, limits }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kafka = try container.decode(forKey: .kafka, default: KafkaSettings())
        groups = try container.decode(forKey: .groups, default: ConsumerGroups())
        topics = try container.decode(forKey: .topics, default: TopicsSettings())
        state = try container.decode(forKey: .state, default: StateSettings())
        http = try container.decode(forKey: .http, default: HTTPSettings())
        logging = try container.decode(forKey: .logging, default: LoggingSettings())
        roles = try container.decode(forKey: .roles, default: RoleSettings())
        limits = try container.decode(forKey: .limits, default: LimitsSettings())
        fileProperties = [:]
    }

    /// The librdkafka configuration for every client of the process: bootstrap
    /// servers, client id, the pass-through properties and the values read
    /// from `kafka.propertyFiles`. Secrets are masked in its description.
    public var kafkaConfiguration: KafkaConfiguration {
        kafka.inlineConfiguration.merging(fileProperties)
    }

    /// The consumer configuration of `role`: ``kafkaConfiguration`` with the role's `group.id`.
    public func consumerConfiguration(for role: Role) -> KafkaConfiguration {
        let shared = kafkaConfiguration
        return shared.merging(["group.id": groups[role], "client.id": "\(shared["client.id"] ?? kafka.clientID)-\(role)"])
    }
}
