import Hummingbird
import Logging
import MaintenancedConfiguration
import NIOCore
import ServiceLifecycle

/// The service's HTTP endpoint, a `Service` for a `ServiceGroup`:
/// `GET /healthz` (alive), `GET /readyz` (every role joined its group and
/// restored its partitions), `GET /metrics` (Prometheus text), and the status page
/// and read-only API (`/`, `/v1/…`, docs/API.md). Each path answers `GET` and `HEAD`;
/// an unknown path is a JSON 404, another method a JSON 405 (`FallbackRouter`).
///
/// Put it first in the group's services: a group shuts its services down in
/// reverse order, so the probes keep answering while the consumers drain.
public struct ObservabilityServer: Service {
    /// Where to listen.
    public let settings: HTTPSettings
    /// What the probes answer.
    public let health: ServiceHealth
    /// What `/metrics` prints.
    public let metrics: ServiceMetrics
    /// The status page and API, when the process runs roles.
    public let status: StatusEndpoints?
    let logger: Logger
    let onServerRunning: @Sendable (Int) async -> Void

    /// A server on `settings.host:settings.port`; `onServerRunning` gets the
    /// bound port (useful with port 0 in tests).
    public init(
        settings: HTTPSettings,
        health: ServiceHealth,
        metrics: ServiceMetrics,
        status: StatusEndpoints? = nil,
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        self.settings = settings
        self.health = health
        self.metrics = metrics
        self.status = status
        self.logger = logger
        self.onServerRunning = onServerRunning
    }

    /// Serves until the service group shuts down gracefully or the task is cancelled.
    public func run() async throws {
        try await makeApplication().run()
    }

    /// The Hummingbird application, for running or for `HummingbirdTesting`.
    public func makeApplication() -> some ApplicationProtocol {
        let onServerRunning = self.onServerRunning
        let logger = self.logger
        return Application(
            router: makeRouter(),
            configuration: ApplicationConfiguration(
                address: .hostname(settings.host, port: settings.port),
                serverName: "maintenanced"
            ),
            // Hummingbird logs "Server started and listening on HOST:PORT" itself.
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }
}
