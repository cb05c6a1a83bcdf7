import Kafka
import Logging
import Processor
import ServiceLifecycle

/// The one producer of a process that runs roles (`run`, `demo`): every role's runner and
/// the instance directory write through it, instead of a librdkafka client each (whose
/// threads, connections and timers cost CPU even at rest: BENCHMARKS.md, session 13).
///
/// A `Service` first in its group, so the last to hear of a graceful shutdown: by then
/// the roles and the directory have stopped, each having awaited its own deliveries, and it
/// closes the producer (bounded: what is still in flight follows from nothing committed).
struct SharedProducer: Service {
    let producer: KafkaProducer
    /// The process's stop budget: the close waits at most what the other services left of it.
    let stopBudget: StopBudget
    let logger: Logger

    /// A producer with the settings a role writes with (`RoleRunner.producerConfiguration`).
    init(kafka: KafkaConfiguration, stopBudget: StopBudget, logger: Logger) throws(KafkaError) {
        producer = try KafkaProducer(configuration: RoleRunner.producerConfiguration(kafka), logger: logger)
        self.stopBudget = stopBudget
        self.logger = logger
    }

    /// Waits for the group's graceful shutdown, then closes the producer; on cancellation it
    /// closes it at once, waiting for nothing (the roles stop the same way, without committing).
    func run() async throws {
        try? await gracefulShutdown()
        if Task.isCancelled {
            _ = try? await producer.close(within: .zero)
            return
        }
        do {
            try await RoleRunner.close(producer, budget: stopBudget, logger: logger)
        } catch {
            logger.warning("closing the producer ended with an error: \(error)")
        }
    }
}
