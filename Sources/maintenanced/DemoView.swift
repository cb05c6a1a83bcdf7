import FleetSimulator
import Synchronization

/// The demo's view of the fleet: a frame redrawn in place on a terminal, or a plain
/// line every `interval` elsewhere, with rates measured between two looks.
final class DemoView: Sendable {
    let scenario: FleetScenario
    let simulator: FleetSimulator
    let bootstrap: String
    let live: Bool
    let interval: Duration
    let started = ContinuousClock.now
    private let stopping = Atomic<Bool>(false)
    /// The status page's address, once the HTTP server listens.
    let statusURL = Mutex<String?>(nil)
    private let stuckDetails = Mutex<[String: String]>([:])
    /// The previous look: when, transitions seen, events sent; and the rates then.
    private let last = Mutex<(at: ContinuousClock.Instant, transitions: Int, sent: Int, transitionRate: Double, sentRate: Double)>(
        (ContinuousClock.now, 0, 0, 0, 0))

    init(scenario: FleetScenario, simulator: FleetSimulator, bootstrap: String, live: Bool, interval: Duration) {
        self.scenario = scenario
        self.simulator = simulator
        self.bootstrap = bootstrap
        self.live = live
        self.interval = interval
    }

    /// Draws until `stop()`.
    func run() async throws {
        if live { write("\u{1B}[?25l\u{1B}[2J") }  // hide the cursor, clear the screen
        while !stopping.load(ordering: .relaxed) {
            try await Task.sleep(for: live ? .milliseconds(250) : interval)
            draw(report())
        }
    }

    /// What the service says the stuck servers wait for, for the summary.
    func setStuckDetails(_ details: [String: String]) { stuckDetails.withLock { $0 = details } }

    /// Ends `run()` after its current wait.
    func stop() {
        stopping.store(true, ordering: .relaxed)
    }

    /// The report now, with the rates since the previous call.
    func report() -> FleetReport {
        let progress = simulator.progress
        let now = ContinuousClock.now
        let rates = last.withLock { last in
            let seconds = Self.seconds(now - last.at)
            if seconds >= 0.2 {
                last.transitionRate = Double(progress.view.transitionCount - last.transitions) / seconds
                last.sentRate = Double(progress.sent - last.sent) / seconds
                last.at = now
                last.transitions = progress.view.transitionCount
                last.sent = progress.sent
            }
            return (last.transitionRate, last.sentRate)
        }
        var report = FleetReport(
            scenario: scenario, progress: progress, elapsed: Self.seconds(now - started), transitionsPerSecond: rates.0,
            sentPerSecond: rates.1, bootstrap: bootstrap)
        report.statusURL = statusURL.withLock { $0 }
        report.stuckDetails = stuckDetails.withLock { $0 }
        return report
    }

    /// Draws the last frame and gives the terminal its cursor back.
    func finish() {
        guard live else { return }
        draw(report())
        write("\u{1B}[?25h\n")
    }

    private func draw(_ report: FleetReport) {
        if live {
            // Home, each line cleared to its end, then everything below cleared: no flicker.
            write("\u{1B}[H" + report.liveFrame().map { $0 + "\u{1B}[K\n" }.joined() + "\u{1B}[J")
        } else {
            write(report.plainLine + "\n")
        }
    }

    private func write(_ text: String) {
        print(text, terminator: "")
        flushStandardOutput()
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
