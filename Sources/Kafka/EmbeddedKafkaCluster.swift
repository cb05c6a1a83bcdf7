import CKafkaShims
import CRdKafka
import Logging

/// librdkafka's mock Kafka cluster, running inside this process.
///
/// It speaks the Kafka protocol on loopback ports, so clients in this process and
/// in others (kcat, other instances) can use `bootstrapServers`. For development
/// and tests only: these are its limits (each partition keeps only its
/// newest ~5 MB / 100k messages, no CreateTopics or DescribeConfigs, no compaction).
public final class EmbeddedKafkaCluster: Sendable {
    /// The host handle the mock cluster belongs to; it must outlive the cluster.
    private let host: RdKafkaClient
    private let clusterPointer: UncheckedPointer
    /// The brokers' addresses, e.g. `127.0.0.1:39401,127.0.0.1:40111`.
    public let bootstrapServers: String
    /// How many brokers the cluster has; their ids are 1 through `brokerCount`.
    public let brokerCount: Int
    /// How many of the brokers' listeners got TCP_NODELAY (all of them, normally).
    let noDelayListeners: Int

    /// Starts a cluster of `brokers` brokers; `logger` receives the host handle's logs.
    public init(brokers: Int = 1, logger: Logger) throws(KafkaError) {
        guard brokers >= 1 else { throw .invalidArgument("an embedded cluster needs at least one broker") }
        // Both ends of every connection to it from this process are here (`OpenFileLimit`).
        if let raised = OpenFileLimit.raisedOnce, raised.before.soft != raised.after.soft, Self.limitRaiseLogged.raise() {
            logger.info(
                "raised the process's open-file limit for the embedded cluster",
                metadata: ["limit.before": "\(raised.before.soft)", "limit.after": "\(raised.after.soft)"]
            )
        }
        if let shortage = OpenFileLimit.shortage(brokers: brokers, limit: .current, open: OpenFileLimit.openDescriptors) {
            throw KafkaError(RD_KAFKA_RESP_ERR__FAIL, reason: shortage)
        }
        host = try RdKafkaClient(
            type: RD_KAFKA_PRODUCER,
            // The host handle only owns the mock; it connects nowhere, so its notices are noise.
            configuration: KafkaConfiguration(["log_level": "4"]),
            context: ClientContext(logger: logger),
            backgroundEvents: false
        )
        let handle = host.handle
        // The mock's thread times its waits like librdkafka's main thread (`RdKafkaClient.timerSlack`).
        guard let cluster = RdKafkaClient.withTimerSlack({ rd_kafka_mock_cluster_new(handle, Int32(brokers)) }) else {
            throw KafkaError(RD_KAFKA_RESP_ERR__FAIL, reason: "the mock cluster could not be started")
        }
        clusterPointer = UncheckedPointer(cluster)
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
        brokerCount = brokers
        noDelayListeners = Self.disableNagle(bootstrapServers: bootstrapServers, logger: logger)
        logger.info("embedded Kafka cluster started", metadata: ["kafka.bootstrap": "\(bootstrapServers)", "kafka.brokers": "\(brokers)"])
    }

    /// Whether this process logged raising its open-file limit (once, for the first cluster).
    private static let limitRaiseLogged = AtomicFlag()

    /// The mock's listeners leave Nagle's algorithm on, and it answers each request in
    /// several writes: every request then waits ~40 ms for the client's delayed ACK.
    /// Accepted connections inherit TCP_NODELAY from their listener on Linux, so it is
    /// set on the listeners before any client connects.
    private static func disableNagle(bootstrapServers: String, logger: Logger) -> Int {
        let ports = bootstrapServers.split(separator: ",").compactMap { $0.split(separator: ":").last.flatMap { UInt16($0) } }
        let changed = ports.withUnsafeBufferPointer { ckafka_set_nodelay_on_listeners($0.baseAddress, Int32($0.count)) }
        if changed != ports.count {
            logger.warning("TCP_NODELAY set on \(changed) of the embedded brokers' \(ports.count) listeners: requests may wait ~40 ms each")
        }
        return Int(changed)
    }

    deinit {
        // Destroying the mock took a second in about half of the drops in the test suite (its
        // thread finishes a wait first): that is done on a thread of its own, never on the
        // thread of the task that dropped the cluster. The host handle outlives the cluster.
        let cluster = clusterPointer
        let host = host
        KafkaThread.detach(name: "mock-teardown") {
            rd_kafka_mock_cluster_destroy(cluster.pointer)
            withExtendedLifetime(host) {}
        }
    }

    /// The `rd_kafka_mock_cluster_t *`.
    var cluster: OpaquePointer { clusterPointer.pointer }

    /// An admin client for this cluster, told that the mock serves neither CreateTopics nor DescribeConfigs.
    public func makeAdmin(logger: Logger, _ properties: [String: String] = [:]) throws(KafkaError) -> KafkaAdmin {
        try KafkaAdmin(configuration: configuration(properties), logger: logger, features: .librdkafkaMock)
    }

    /// Client settings the 2.0.2 mock needs to feel like a broker: it answers an empty
    /// fetch only when `fetch.wait.max.ms` is over (500 ms by default, on every hop),
    /// and its group joins and rebalances wait out the session timeout (45 s by default).
    /// A fetch wait of 10 ms alone would have every consumer fetch 100 times a second at
    /// rest: after 1 s without a message (confirmed by a poll 100 ms later, and not while a
    /// partition it reads is behind the watermark it knows or waits for a fetch's first
    /// answer) a consumer stops fetching and asks
    /// the end offsets once a second instead (`consumer.idle.pause.ms`, see `IdleFetching`), so the first
    /// message after a rest waits up to a second longer.
    ///
    /// One produce request in flight per connection: the mock checks an idempotent
    /// producer's sequence numbers only for transactional producers. With several in flight,
    /// a request that failed uncertainly (a timeout, a dropped connection) is overtaken by the
    /// next, which the mock appends where a broker would refuse it as out of order; librdkafka
    /// then takes the failed request's messages as written (an implicit ack) and reports them
    /// delivered, though they never were. Seen as inputs missing from a role log under the
    /// fleet test's broker faults (RELIABILITY.md).
    public static let clientDefaults = [
        "fetch.wait.max.ms": "10", "session.timeout.ms": "6000", "heartbeat.interval.ms": "500",
        KafkaConfiguration.idlePauseProperty: "1000", KafkaConfiguration.idleProbeProperty: "1000",
        "max.in.flight.requests.per.connection": "1",
    ]

    /// A client configuration that points at this cluster, with `clientDefaults` and `properties` added.
    public func configuration(_ properties: [String: String] = [:]) -> KafkaConfiguration {
        configuration(adapting: KafkaConfiguration(properties))
    }

    /// `configuration` pointed at this cluster, with `clientDefaults` where it sets none of its own.
    public func configuration(adapting configuration: KafkaConfiguration) -> KafkaConfiguration {
        var configuration = configuration
        configuration.bootstrapServers = bootstrapServers
        for (name, value) in Self.clientDefaults { configuration = configuration.settingDefault(name, value) }
        return configuration
    }

    /// The replication factor of every topic of the mock: min(3, brokers). The 2.0.2 mock
    /// ignores the factor asked for when a topic is created.
    public var replicationFactor: Int32 { Int32(min(3, brokerCount)) }

    /// Creates a topic directly in the mock (the mock does not serve CreateTopics).
    ///
    /// `replicationFactor`, if given, must equal `self.replicationFactor`: the mock cannot
    /// make any other, and saying so beats a topic that silently differs. Creating an
    /// existing topic again is an error from the mock, not a no-op.
    public func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32? = nil) async throws(KafkaError) {
        if let replicationFactor, replicationFactor != self.replicationFactor {
            throw .invalidArgument(
                "the embedded cluster gives every topic replication factor \(self.replicationFactor) (min(3, brokers)); \(replicationFactor) was asked for \(name)")
        }
        let factor = self.replicationFactor
        try await command("creating topic \(name)") { rd_kafka_mock_topic_create($0, name, partitions, factor) }
    }

    /// Runs one of the mock's commands and throws its error, naming `action`. The calling
    /// thread waits until the mock's own thread has carried the command out, seconds when it
    /// serves a heavy load: that wait is on a thread of its own, not on the awaiting task's,
    /// since two such waits would hold the whole cooperative pool of a 2-core machine.
    func command(_ action: String, _ body: @escaping @Sendable (OpaquePointer) -> rd_kafka_resp_err_t) async throws(KafkaError) {
        let cluster = clusterPointer
        let err = try await KafkaThread.runOnNewThread(name: "kafka-mock") { () throws(KafkaError) in body(cluster.pointer) }
        try check(err, action)
    }

    /// Throws `err` unless it is no error, naming `action`.
    func check(_ err: rd_kafka_resp_err_t, _ action: String) throws(KafkaError) {
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(err, reason: "\(action) in the embedded cluster: \(String(cString: rd_kafka_err2str(err)))")
        }
    }
}
