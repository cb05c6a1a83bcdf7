import Observability
import Processor
import ServiceLifecycle

/// The role runners of a process as one `Service` of its `ServiceGroup`: on a
/// graceful shutdown `/readyz` turns 503 and every runner is cancelled, which
/// makes it stop fetching, finish its batch, commit and leave its group.
struct RoleRunnersService: Service {
    let runners: [RoleRunner]
    let health: ServiceHealth

    func run() async throws {
        let runners = self.runners
        let health = self.health
        try await withGracefulShutdownHandler {
            try await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Void.self) { tasks in
                    for runner in runners { tasks.addTask { try await runner.run() } }
                    try await tasks.next()
                    tasks.cancelAll()
                    try await tasks.waitForAll()
                }
            }
        } onGracefulShutdown: {
            health.markShuttingDown()
        }
    }
}
