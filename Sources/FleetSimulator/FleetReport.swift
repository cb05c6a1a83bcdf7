/// What the demo shows of a simulated fleet: a live frame for a terminal, a plain
/// line for a log, and the summary at the end.
public struct FleetReport: Sendable {
    /// The fleet's plan.
    public var scenario: FleetScenario
    /// Where the run is.
    public var progress: FleetSimulator.Progress
    /// Seconds since the start.
    public var elapsed: Double
    /// Distinct transitions per second, lately.
    public var transitionsPerSecond: Double
    /// Events the simulator sent per second, lately.
    public var sentPerSecond: Double
    /// Where other clients can join.
    public var bootstrap: String
    /// The status page's address, when the demo serves one.
    public var statusURL: String?
    /// For stuck servers, what the service says each waits for and since when (from its status API).
    public var stuckDetails: [String: String] = [:]

    public init(
        scenario: FleetScenario, progress: FleetSimulator.Progress, elapsed: Double, transitionsPerSecond: Double, sentPerSecond: Double,
        bootstrap: String
    ) {
        self.scenario = scenario
        self.progress = progress
        self.elapsed = elapsed
        self.transitionsPerSecond = transitionsPerSecond
        self.sentPerSecond = sentPerSecond
        self.bootstrap = bootstrap
    }

    /// Servers that have done their plan: up to date and out of maintenance, every maintenance ended.
    public var finished: Int { scenario.servers.count - progress.unfinished.count }

    /// Maintenances that failed although the simulator did not make them fail, and
    /// servers whose update cycle failed.
    public var unexpectedFailures: [String] {
        var failures: [String] = []
        for plan in scenario.servers {
            guard let server = progress.view.servers[plan.id] else { continue }
            for (id, state) in server.maintenances.sorted(by: { $0.key < $1.key }) where state == "Failed" {
                if plan.maintenances.first(where: { $0.id == id })?.outcome != .fail { failures.append("\(plan.id): maintenance \(id) failed") }
            }
            if server.updateState == "Failed" { failures.append("\(plan.id): update cycle failed") }
            if server.status.hasSuffix("unresponsive") { failures.append("\(plan.id): unresponsive") }
        }
        return failures
    }

    /// Maintenances the simulator makes fail.
    public var plannedFailures: Int {
        scenario.servers.reduce(0) { $0 + $1.maintenances.filter { $0.outcome == .fail }.count }
    }

    /// Whether every server is done and nothing failed that was not made to fail.
    public var isSuccess: Bool { progress.unfinished.isEmpty && unexpectedFailures.isEmpty }

    // MARK: Live view

    /// One frame of the terminal view, line by line.
    public func liveFrame(width: Int = 100) -> [String] {
        let view = progress.view
        let total = scenario.servers.count
        var lines = [
            "maintenanced demo — \(total) servers, \(scenario.clusters.count) clusters — bootstrap \(bootstrap) — \(Self.clock(elapsed))",
            "",
            "progress  \(Self.bar(finished, of: total, width: 40)) \(finished)/\(total) up to date and out of maintenance",
            "",
        ]
        let rows: [(String, [(state: String, servers: Int)])] = [
            ("status", view.count(\.status)),
            ("power", view.count(\.power)),
            ("operational", view.count(\.operationalState)),
            ("maintenance state", view.count(\.maintenanceState)),
            ("update state", view.count(\.updateState)),
        ]
        for (name, counts) in rows {
            let cells = counts.map { "\($0.state) \($0.servers)" }.joined(separator: " · ")
            lines.append(Self.clip(Self.pad(name, 18) + cells, width))
        }
        let maintenances = view.maintenanceCounts
        lines.append(
            Self.pad("maintenances", 18)
                + "queued \(maintenances["Pending"] ?? 0) · active \(maintenances["InMaintenance"] ?? 0) · done \(maintenances["Complete"] ?? 0)"
                + " · failed \(maintenances["Failed"] ?? 0) · cancelled \(maintenances["Cancelled"] ?? 0)")
        lines.append(
            Self.pad("events", 18)
                + "\(Int(transitionsPerSecond.rounded())) transitions/s · \(Int(sentPerSecond.rounded())) simulator events/s"
                + " · \(view.transitionCount) transitions · \(view.rejectionCount) rejected · \(view.deadLetters) dead letters")
        lines.append("")
        lines.append("latest transitions")
        for entry in view.latest.reversed() { lines.append("  " + Self.clip(entry, width - 2)) }
        lines.append("")
        lines.append("Ctrl-C stops and prints the summary · kcat -b \(bootstrap) -C -t server.transitions -f '%k %h\\n'")
        if let statusURL {
            lines.append("status page \(statusURL) · maintenanced get servers --stuck --server \(statusURL.hasSuffix("/") ? String(statusURL.dropLast()) : statusURL)")
        }
        return lines
    }

    /// One line for a log or a pipe: servers that have done their plan of all, then the
    /// maintenances by state (separate counts: a server has several).
    public var plainLine: String {
        let maintenances = progress.view.maintenanceCounts
        return "[\(Self.clock(elapsed))] servers done \(finished)/\(scenario.servers.count)"
            + " · maintenances queued=\(maintenances["Pending"] ?? 0) active=\(maintenances["InMaintenance"] ?? 0)"
            + " done=\(maintenances["Complete"] ?? 0) failed=\(maintenances["Failed"] ?? 0) cancelled=\(maintenances["Cancelled"] ?? 0)"
            + " transitions=\(progress.view.transitionCount) (\(Int(transitionsPerSecond.rounded()))/s)"
    }

    // MARK: Summary

    /// The summary printed at the end.
    public var summary: [String] {
        let view = progress.view
        let maintenances = view.maintenanceCounts
        let total = scenario.servers.count
        let updates = view.servers.values.reduce(0) { $0 + $1.updatesCompleted }
        let rate = elapsed > 0 ? Double(view.transitionCount) / elapsed : 0
        var lines = [
            "summary",
            "  servers:              \(total) (\(scenario.clusters.count) clusters)",
            "  finished:             \(finished)/\(total) up to date and out of maintenance",
            "  stuck:                \(progress.unfinished.count)",
            "  maintenances:         complete \(maintenances["Complete"] ?? 0), failed \(maintenances["Failed"] ?? 0)"
                + " (\(plannedFailures) made to fail by the simulator), cancelled \(maintenances["Cancelled"] ?? 0),"
                + " still queued \(maintenances["Pending"] ?? 0), active \(maintenances["InMaintenance"] ?? 0)",
            "  update cycles:        \(updates) completed",
            "  unexpected failures:  \(unexpectedFailures.count)",
            "  transitions:          \(view.transitionCount) (\(view.redelivered) redelivered), \(view.rejectionCount) rejected, \(view.deadLetters) dead letters",
            "  simulator events:     \(progress.sent) sent, \(progress.requests) requests answered",
            "  elapsed:              \(Self.clock(elapsed)) (\(Int(rate.rounded())) transitions/s)",
        ]
        for failure in unexpectedFailures.prefix(10) { lines.append("    \(failure)") }
        for (id, stage) in progress.unfinished.sorted(by: { $0.key < $1.key }).prefix(10) {
            let server = view.servers[id]
            lines.append(
                "    \(id) stuck \(stage.rawValue): \(server?.status ?? "unseen"), \(server?.operationalState ?? "?"), \(server?.updateState ?? "?")")
            if let detail = stuckDetails[id] { lines.append("      \(detail)") }
        }
        lines.append(
            isSuccess
                ? "result: every server up to date and out of maintenance; nothing failed that the simulator did not make fail"
                : "result: NOT settled — \(progress.unfinished.count) stuck, \(unexpectedFailures.count) unexpected failures")
        return lines
    }

    // MARK: Formatting

    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds)
        let minutes = whole / 60
        let rest = whole % 60
        return "\(minutes < 10 ? "0" : "")\(minutes):\(rest < 10 ? "0" : "")\(rest)"
    }

    static func bar(_ done: Int, of total: Int, width: Int) -> String {
        let filled = total == 0 ? width : min(width, done * width / total)
        return "[" + String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled) + "]"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func clip(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(0, width - 1))) + "…"
    }
}
