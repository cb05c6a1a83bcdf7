import CRdKafka
import Logging

/// Lists, describes and creates topics.
///
/// `createTopics` is idempotent: a topic that exists with the requested settings is
/// fine, one that differs is reported with exactly what differs. Partitions and
/// replication come from metadata, which every broker serves; configs come from
/// DescribeConfigs where the broker serves it (the 2.0.2 mock does not, and the
/// results say so). Blocking metadata calls run on a thread of their own;
/// DescribeConfigs and CreateTopics complete through librdkafka's background queue.
public final class KafkaAdmin: Sendable {
    /// Which admin requests a cluster serves.
    ///
    /// librdkafka cannot tell in advance: against a cluster without a controller (the
    /// 2.0.2 mock) a CreateTopics or DescribeConfigs request waits for its whole timeout.
    public struct Features: Sendable, Hashable {
        /// The cluster serves CreateTopics.
        public var createTopics: Bool
        /// The cluster serves DescribeConfigs for topics.
        public var describeConfigs: Bool
        /// Why some are missing, for error messages.
        public var note: String

        /// A real Kafka cluster: everything is served.
        public static let all = Features(createTopics: true, describeConfigs: true, note: "")
        /// librdkafka 2.0.2's mock cluster: no controller, no CreateTopics, no DescribeConfigs.
        public static let librdkafkaMock = Features(
            createTopics: false, describeConfigs: false,
            note: "librdkafka's mock cluster serves neither CreateTopics nor DescribeConfigs")
    }

    let client: RdKafkaClient
    let logger: Logger
    /// The admin requests this client sends.
    public let features: Features

    /// Creates an admin client; `configuration` needs `bootstrap.servers`.
    ///
    /// `features` says which requests the cluster serves; the others are reported
    /// as unavailable at once instead of waiting for a timeout.
    public init(configuration: KafkaConfiguration, logger: Logger, features: Features = .all) throws(KafkaError) {
        self.features = features
        client = try RdKafkaClient(
            type: RD_KAFKA_PRODUCER,
            configuration: configuration.forProducer,
            context: ClientContext(logger: logger),
            backgroundEvents: true
        )
        self.logger = logger
    }

    /// The names of all topics in the cluster, sorted; internal topics (`__…`) are left out.
    public func listTopics(timeout: Duration = .seconds(10)) async throws(KafkaError) -> [String] {
        try await metadata(timeout: timeout).topics.keys.filter { !$0.hasPrefix("__") }.sorted()
    }

    /// How many brokers the cluster reports (those it knows alive).
    public func brokerCount(timeout: Duration = .seconds(10)) async throws(KafkaError) -> Int {
        try await metadata(timeout: timeout).brokers
    }

    /// Describes `names`; a topic that does not exist is an `UNKNOWN_TOPIC_OR_PART` error.
    ///
    /// With `includeConfigs: false` only metadata is read (partitions and replicas), which every broker serves.
    public func describeTopics(
        _ names: [String], includeConfigs: Bool = true, timeout: Duration = .seconds(10)
    ) async throws(KafkaError) -> [KafkaTopicDescription] {
        let known = try await metadata(timeout: timeout).topics
        var descriptions: [KafkaTopicDescription] = []
        for name in names {
            guard let description = known[name] else {
                throw KafkaError(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, reason: "topic \(name) does not exist")
            }
            descriptions.append(description)
        }
        return try await addingConfigs(to: descriptions, timeout: timeout, only: includeConfigs)
    }

    /// Makes sure every topic in `specifications` exists as specified; creates the missing ones.
    ///
    /// Throws `KafkaTopicConflict` (creating nothing) when an existing topic differs in
    /// partition count, replication factor or a requested config, and a `KafkaError`
    /// when the broker cannot create topics (the 2.0.2 mock serves no CreateTopics:
    /// create them with `EmbeddedKafkaCluster.createTopic` there).
    public func createTopics(
        _ specifications: [KafkaTopicSpecification], timeout: Duration = .seconds(30)
    ) async throws -> [String: KafkaTopicCreation] {
        let known = try await metadata(timeout: timeout).topics
        let existing = try await addingConfigs(
            to: specifications.compactMap { known[$0.name] }, timeout: timeout,
            only: specifications.contains { !$0.configs.isEmpty && known[$0.name] != nil })
        let existingByName = Dictionary(uniqueKeysWithValues: existing.map { ($0.name, $0) })

        var results: [String: KafkaTopicCreation] = [:]
        var differences: [KafkaTopicConflict.Difference] = []
        var missing: [KafkaTopicSpecification] = []
        for specification in specifications {
            guard let topic = existingByName[specification.name] else {
                missing.append(specification)
                continue
            }
            let found = Self.differences(between: topic, and: specification)
            differences += found
            if !found.isEmpty { continue }
            if let reason = topic.configsUnavailableReason, !specification.configs.isEmpty {
                logger.warning("topic \(specification.name) exists; its configs were not checked: \(reason)")
                results[specification.name] = .alreadyExistsConfigsUnverified(reason: reason)
            } else {
                results[specification.name] = .alreadyExists
            }
        }
        guard differences.isEmpty else { throw KafkaTopicConflict(differences: differences) }
        if !missing.isEmpty {
            try await create(missing, timeout: timeout)
            for specification in missing { results[specification.name] = .created }
        }
        return results
    }

    /// What differs between an existing topic and the requested one.
    static func differences(between topic: KafkaTopicDescription, and specification: KafkaTopicSpecification) -> [KafkaTopicConflict.Difference] {
        var differences: [KafkaTopicConflict.Difference] = []
        func differ(_ setting: String, _ existing: String, _ requested: String) {
            guard existing != requested else { return }
            differences.append(.init(topic: topic.name, setting: setting, existing: existing, requested: requested))
        }
        differ("partitions", "\(topic.partitionCount)", "\(specification.partitions)")
        differ("replication factor", "\(topic.replicationFactor)", "\(specification.replicationFactor)")
        if let configs = topic.configs {
            for (key, value) in specification.configs.sorted(by: { $0.key < $1.key }) {
                differ(key, configs[key] ?? "(unset)", value)
            }
        }
        return differences
    }
}
