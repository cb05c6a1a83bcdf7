import Observability
import Processor
import ServiceLifecycle

/// The role runners of a process as one `Service` of its `ServiceGroup`: on a
/// graceful shutdown `/readyz` turns 503 and every runner is asked to stop
/// (`RoleRunner.shutdown()`): it stops fetching, finishes its batch, commits and
/// leaves its group. A runner that fails asks the others to stop the same way,
/// and its error ends the service.
struct RoleRunnersService: Service {
    let runners: [RoleRunner]
    let health: ServiceHealth

    func run() async throws {
        let runners = self.runners
        let health = self.health
        try await withGracefulShutdownHandler {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                for runner in runners {
                    tasks.addTask {
                        do {
                            try await runner.run()
                        } catch {
                            for other in runners { other.shutdown() }
                            throw error
                        }
                    }
                }
                try await tasks.waitForAll()
            }
        } onGracefulShutdown: {
            health.markShuttingDown()
            for runner in runners { runner.shutdown() }
        }
    }
}
