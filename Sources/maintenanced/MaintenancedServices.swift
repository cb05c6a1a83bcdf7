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
/// In the group: the shared producer first (a group stops its services in reverse order:
/// it closes once everything writing through it stopped), the HTTP server (so
/// probes answer while the roles drain), the status API, each role's runner (whose end, by
/// success or failure, shuts the group down gracefully, not by cancellation), the caller's extra
/// services (the demo's world), `EndOfInput` when asked, a `ShutdownNotice`, among the
/// first to hear of a graceful shutdown: it logs that the service stops, turns
/// `/healthz` and `/readyz` 503 at once and begins the stop's budget (`StopBudget`); and the
/// trapped signals (`CommandServiceGroup`).
struct MaintenancedServices {
    let runners: [RoleRunner]
    /// The deadline every wait of the process's stop shares (`StopBudget`).
    let stopBudget: StopBudget
    let producer: SharedProducer
    let health: ServiceHealth
    let status: StatusAPI
    let server: ObservabilityServer
    let logger: Logger

    /// The services for `roles` on `kafka`; `tickInterval` overrides each role's
    /// configured one; the server listens on `http`, takes `advertiseHost:PORT` as the
    /// instance's address (`InstanceAddress`) and tells `onListening` its port.
    init(
        roles: [Role], settings: ServiceConfiguration, kafka: KafkaConfiguration, partitionCounts: [String: Int32], tickInterval: Duration?,
        http: HTTPSettings, advertiseHost: String, withDirectory: Bool, instance: String, logger: Logger,
        onListening: @escaping @Sendable (_ port: Int, _ status: StatusAPI) async -> Void
    ) throws {
        let metrics = MetricsBootstrap.bootstrap()
        let health = ServiceHealth(roles: roles)
        // One deadline for the whole stop, which the notice begins: the services stop one
        // after another, and each wait of theirs takes from it.
        let stopBudget = StopBudget()
        let producer = try SharedProducer(kafka: kafka, stopBudget: stopBudget, logger: logger)
        let runners = try RoleRunners.make(
            roles: roles, settings: settings, partitionCounts: partitionCounts, kafka: kafka, producer: producer.producer,
            tickInterval: tickInterval, stopBudget: stopBudget, logger: logger
        ) { role in
            RoleMetricsObserver(role: role, metrics: metrics, health: health)
        }
        let status = StatusAPI(
            roles: roles, runners: runners, settings: settings, kafka: kafka, producer: producer.producer, partitionCounts: partitionCounts,
            withDirectory: withDirectory, instance: instance, stopBudget: stopBudget, logger: logger)
        self.runners = runners
        self.stopBudget = stopBudget
        self.producer = producer
        self.health = health
        self.status = status
        self.logger = logger
        server = ObservabilityServer(settings: http, health: health, metrics: metrics, status: status.endpoints, logger: logger) { port in
            status.address.set("\(advertiseHost):\(port)")
            await onListening(port, status)
        }
    }

    /// The group: server, status API, roles, then `extra`, then `EndOfInput` when `stopOnEndOfInput`, the notice and `signals`.
    func group(extra: [ServiceGroupConfiguration.ServiceConfiguration] = [], signals: TrappedSignals, stopOnEndOfInput: Bool) -> ServiceGroup {
        // Each runner is a service of its own: one that ends, by success or failure, shuts the
        // group down gracefully, so the others stop fetching, finish their batch, commit and leave.
        let roles = runners.map {
            ServiceGroupConfiguration.ServiceConfiguration(
                service: $0, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)
        }
        let (health, stopBudget) = (self.health, self.stopBudget)
        return CommandServiceGroup.make(
            [.init(service: producer), .init(service: server), .init(service: status)] + roles + extra, signals: signals, stopOnEndOfInput: stopOnEndOfInput,
            notice: ShutdownNotice(logger: logger, message: "stopping") {
                health.markShuttingDown()
                stopBudget.begin()
            }, logger: logger)
    }
}
