import FleetSimulator
import ServiceLifecycle
import Synchronization

/// The demo's outside world as a `Service` of its group: the fleet simulator, the view
/// and the timers. It ends when the fleet settled (and `linger` seconds passed), when
/// `limit` passed or when the simulator stopped, and its end shuts the group down
/// gracefully; a graceful shutdown first (Ctrl-C, SIGTERM, end of input) ends it as
/// `.interrupted`. Before it ends it asks the status source what the stuck servers wait
/// for: it stops before the roles, so the service still answers.
final class DemoWorld: Service {
    let simulator: FleetSimulator
    let view: DemoView
    let status: InstanceStatusSource
    let limit: Duration
    let linger: Double
    private let ended = Mutex<DemoEnding?>(nil)

    init(simulator: FleetSimulator, view: DemoView, status: InstanceStatusSource, limit: Duration, linger: Double) {
        self.simulator = simulator
        self.view = view
        self.status = status
        self.limit = limit
        self.linger = linger
    }

    /// Why the world ended; nil before it did.
    var ending: DemoEnding? { ended.withLock { $0 } }

    /// The world as a member of a group: its end, however it comes, shuts the group down gracefully.
    var member: ServiceGroupConfiguration.ServiceConfiguration {
        .init(service: self, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup)
    }

    func run() async throws {
        let simulator = self.simulator
        let view = self.view
        let limit = self.limit
        let linger = self.linger
        let ending = try await withThrowingTaskGroup(of: DemoEnding?.self) { tasks in
            tasks.addTask {
                let progress = try await simulator.run()
                return progress.isSettled ? .settled : .stopped
            }
            tasks.addTask {
                try? await view.run()
                return nil
            }
            tasks.addTask {
                // Cancelled (the demo ended otherwise) or not: this task ends without an error.
                guard (try? await Task.sleep(for: limit)) != nil else { return nil }
                return .timedOut
            }
            tasks.addTask {
                guard (try? await gracefulShutdown()) != nil else { return nil }
                return .interrupted
            }
            var ending: DemoEnding?
            while ending == nil, let next = try await tasks.next() { ending = next }
            if ending == .settled, linger > 0 {
                // The service at rest: until --linger passes, Ctrl-C or --duration, whichever comes first.
                print("settled: lingering \(linger) s")
                flushStandardOutput()
                tasks.addTask {
                    guard (try? await Task.sleep(for: .milliseconds(Int(linger * 1000)))) != nil else { return nil }
                    return .settled
                }
                var lingered: DemoEnding?
                while lingered == nil, let next = try await tasks.next() { lingered = next }
            }
            // What the stuck servers wait for, asked of the service before it stops.
            let stuck = view.report().progress.unfinished.keys.sorted().prefix(10)
            view.setStuckDetails(await DemoCommand.stuckDetails(of: Array(stuck), source: self.status))
            simulator.stop()
            view.stop()
            tasks.cancelAll()
            try await tasks.waitForAll()
            return ending ?? .stopped
        }
        ended.withLock { $0 = ending }
    }
}
