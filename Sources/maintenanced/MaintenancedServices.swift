import Contracts
import Kafka
import Lifecycle
import Logging
import MaintenancedConfiguration
import Observability
import Processor
import ServiceLifecycle

/// The services of a process that runs roles (`run`, `demo`), built from its settings,
/// and the one `ServiceGroup` that runs them until SIGTERM or SIGINT (or, when asked,
/// the end of standard input) shuts it down gracefully.
///
/// In the group: the HTTP server first (a group stops its services in reverse order, so
/// probes answer while the roles drain), the status API, the roles (whose end, by success
/// or failure, shuts the group down gracefully, not by cancellation), the caller's extra
/// services (the demo's world), `EndOfInput` when asked, and last `ShutdownNotice`, the
/// first to hear of a graceful shutdown: it logs that the service stops and turns
/// `/healthz` and `/readyz` 503 at once.
struct MaintenancedServices {
    let runners: [RoleRunner]
    let health: ServiceHealth
    let status: StatusAPI
    let server: ObservabilityServer
    let logger: Logger

    /// The services for `roles` on `kafka`; `tickInterval` overrides each role's
    /// configured one; the server listens on `http` and tells `onListening` its port.
    init(
        roles: [Role], settings: ServiceConfiguration, kafka: KafkaConfiguration, partitionCounts: [String: Int32], tickInterval: Duration?,
        http: HTTPSettings, withDirectory: Bool, instance: String, logger: Logger,
        onListening: @escaping @Sendable (_ port: Int, _ status: StatusAPI) async -> Void
    ) throws {
        let metrics = MetricsBootstrap.bootstrap()
        let health = ServiceHealth(roles: roles)
        let runners = try RoleRunners.make(
            roles: roles, settings: settings, partitionCounts: partitionCounts, kafka: kafka, tickInterval: tickInterval, logger: logger
        ) { role in
            RoleMetricsObserver(role: role, metrics: metrics, health: health)
        }
        let status = StatusAPI(
            roles: roles, runners: runners, settings: settings, kafka: kafka, partitionCounts: partitionCounts, withDirectory: withDirectory,
            instance: instance, logger: logger)
        self.runners = runners
        self.health = health
        self.status = status
        self.logger = logger
        server = ObservabilityServer(settings: http, health: health, metrics: metrics, status: status.endpoints, logger: logger) { port in
            await onListening(port, status)
        }
    }

    /// The group: server, status API, roles, then `extra`, then `EndOfInput` when `stopOnEndOfInput`.
    func group(extra: [ServiceGroupConfiguration.ServiceConfiguration] = [], stopOnEndOfInput: Bool) -> ServiceGroup {
        let roles = ServiceGroupConfiguration.ServiceConfiguration(
            service: RoleRunnersService(runners: runners, health: health),
            successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: server), .init(service: status), roles]
        services += extra
        if stopOnEndOfInput { services.append(EndOfInput.member(logger: logger)) }
        let health = self.health
        services.append(ShutdownNotice(logger: logger, message: "stopping") { health.markShuttingDown() }.member)
        return ServiceGroup(
            configuration: ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    }
}

/// Last in a group, so the first to hear of its graceful shutdown: logs `message` (info)
/// and runs `action` then, and ends. It ends without either on cancellation.
struct ShutdownNotice: Service {
    let logger: Logger
    let message: Logger.Message
    let action: @Sendable () -> Void

    init(logger: Logger, message: Logger.Message, action: @escaping @Sendable () -> Void = {}) {
        self.logger = logger
        self.message = message
        self.action = action
    }

    /// The service as a member of a group (it ends only once the group stops).
    var member: ServiceGroupConfiguration.ServiceConfiguration { .init(service: self) }

    func run() async throws {
        guard (try? await gracefulShutdown()) != nil else { return }
        logger.info(message)
        action()
    }
}
