import Events
import Kafka
import Logging
import MaintenancedClient
import MaintenancedTesting
import Testing

/// `maintenanced run` with every role, on an embedded cluster of its own, its three roles restored,
/// with a producer to send it events as a peer would and its status API for one server: what a
/// process test of one server's protocol needs before its first event.
struct ServiceUnderTest {
    let cluster: EmbeddedKafkaCluster
    let service: ChildProcess
    let producer: EventProducer
    /// `/v1/servers/<server>` of the service.
    let url: String

    /// Starts the service (kept in `children`, which stops it whatever happens) and waits until it is ready.
    static func start(for server: String, children: Shared<[ChildProcess]>, logger: Logger) async throws -> ServiceUnderTest {
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: logger)
        let service = try ChildProcess(
            "run",
            ["run", "--brokers", cluster.bootstrapServers, "--http-port", "0", "--advertise-host", "127.0.0.1", "--tick-interval-ms", "500",
             "--topics-dir", RepositoryFiles.topicsDirectory]
                + EmbeddedKafkaCluster.clientDefaults.sorted { $0.key < $1.key }.flatMap { ["-X", "\($0.key)=\($0.value)"] })
        children.update { $0.append(service) }
        try await waitUntil("the service listens", timeout: .seconds(60)) { StatusProbe.port(of: service) != nil || !service.isRunning }
        let url = "http://127.0.0.1:\(try #require(StatusProbe.port(of: service)))/v1/servers/\(server)"
        try await waitUntil("the three roles restored", timeout: .seconds(60)) {
            service.standardError.components(separatedBy: "assigned partitions restored").count - 1 >= 3
        }
        let producer = try EventProducer(configuration: cluster.configuration(), logger: logger)
        return ServiceUnderTest(cluster: cluster, service: service, producer: producer, url: url)
    }

    /// The server's view, as `GET /v1/servers/<server>` gives it.
    func view() async throws -> JSONValue { try await StatusProbe.json(url) }
}
