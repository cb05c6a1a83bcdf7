import MaintenancedClient
import Contracts
import FleetStatus
import Kafka
import Lifecycle
import Logging
import MaintenancedConfiguration
import Observability
import Processor
import ServiceLifecycle

/// The status page and API of a process that runs roles (`run`, `demo`): its status
/// source, the transition feed and, with other instances possible, the instance
/// directory; a `Service` that runs the feed and the directory until shutdown.
struct StatusAPI: Service {
    let source: InstanceStatusSource
    let directory: InstanceDirectory?
    /// This instance's HTTP address, set when the server listens.
    let address = InstanceAddress()
    let feed: TransitionFeed
    let logger: Logger

    /// The API over `runners` (one per entry of `roles`, in order); the directory writes through `producer`.
    init(
        roles: [Role], runners: [RoleRunner], settings: ServiceConfiguration, kafka: KafkaConfiguration, producer: KafkaProducer,
        partitionCounts: [String: Int32],
        withDirectory: Bool, instance: String, stopBudget: StopBudget, logger: Logger
    ) {
        self.logger = logger
        let byRole = Dictionary(uniqueKeysWithValues: zip(roles, runners))
        feed = TransitionFeed(configuration: kafka, partitions: partitionCounts[TopicName.serverTransitions] ?? 1, logger: logger)
        directory = withDirectory ? InstanceDirectory(
            instance: instance, address: address, runners: runners, configuration: kafka, producer: producer, stopBudget: stopBudget, logger: logger)
            : nil
        source = InstanceStatusSource(
            settings: StatusSettings(configuration: settings), runners: byRole, address: address, directory: directory, feed: feed,
            partitionCounts: partitionCounts)
    }

    /// What the HTTP server serves under `/` and `/v1/`.
    var endpoints: StatusEndpoints {
        let source = self.source
        return StatusEndpoints(
            queries: StatusQueries(source: source), localStates: { kind, key in source.localStates(kind, key: key) },
            clock: { Instant(millisecondsSinceEpoch: wallClockMilliseconds()) })
    }

    /// Runs the feed and the directory until a graceful shutdown (or cancellation). A
    /// failure of either is logged, never fatal: the roles go on without the status API.
    func run() async throws {
        let feed = self.feed
        let directory = self.directory
        let logger = self.logger
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { tasks in
                tasks.addTask { await feed.run() }
                if let directory {
                    tasks.addTask {
                        do { try await directory.run() } catch { logger.warning("status API: instance directory \(InstanceDirectory.topic) not available: \(error)") }
                    }
                }
                await tasks.waitForAll()
            }
        } onGracefulShutdown: {
            feed.stop()
            directory?.stop()
        }
    }

    /// Stops the loops (for callers outside a service group).
    func stop() {
        feed.stop()
        directory?.stop()
    }
}

extension StatusSettings {
    /// The views' settings from the service configuration: the roles' timeouts and budgets.
    init(configuration: ServiceConfiguration) {
        self.init(
            scheduler: configuration.roles.scheduler, power: configuration.roles.power,
            update: configuration.roles.update)
    }
}
