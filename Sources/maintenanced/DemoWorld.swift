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
    /// The view, and through it the simulator it shows.
    let view: DemoView
    let status: InstanceStatusSource
    let limit: Duration
    let linger: Double
    private let ended = Mutex<DemoEnding?>(nil)

    init(view: DemoView, status: InstanceStatusSource, limit: Duration, linger: Double) {
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
        let view = self.view
        let simulator = view.simulator
        let limit = self.limit
        let linger = self.linger
        // Each child says why the world ends, if it does, and whether it is the simulator's.
        let ending = try await withThrowingTaskGroup(of: (ending: DemoEnding?, simulator: Bool).self) { tasks in
            tasks.addTask {
                let progress = try await simulator.run()
                return (progress.isSettled ? .settled : .stopped, true)
            }
            tasks.addTask {
                try? await view.run()
                return (nil, false)
            }
            tasks.addTask {
                // Cancelled (the demo ended otherwise) or not: this task ends without an error.
                guard (try? await Task.sleep(for: limit)) != nil else { return (nil, false) }
                return (.timedOut, false)
            }
            tasks.addTask {
                guard (try? await gracefulShutdown()) != nil else { return (nil, false) }
                return (.interrupted, false)
            }
            var ending: DemoEnding?
            var simulating = true
            while ending == nil, let next = try await tasks.next() {
                ending = next.ending
                if next.simulator { simulating = false }
            }
            if ending == .settled, linger > 0 {
                // The service at rest: until --linger passes, Ctrl-C or --duration, whichever comes first.
                print("settled: lingering \(linger) s")
                flushStandardOutput()
                tasks.addTask {
                    guard (try? await Task.sleep(for: .milliseconds(Int(linger * 1000)))) != nil else { return (nil, false) }
                    return (.settled, false)
                }
                var lingered: DemoEnding?
                while lingered == nil, let next = try await tasks.next() { lingered = next.ending }
            }
            // What the stuck servers wait for, asked of the service before it stops.
            let stuck = view.report().progress.unfinished.keys.sorted().prefix(10)
            view.setStuckDetails(await DemoCommand.stuckDetails(of: Array(stuck), source: self.status))
            // The simulator finishes what it sends (cancelled, it would drop it), then the rest is cancelled.
            simulator.stop()
            view.stop()
            while simulating, let next = try await tasks.next() {
                if next.simulator { simulating = false }
            }
            tasks.cancelAll()
            try await tasks.waitForAll()
            return ending ?? .stopped
        }
        ended.withLock { $0 = ending }
    }
}
