import FleetSimulator
import Foundation
import MaintenancedTesting
import Testing

/// Process faults, repeated, over whole end-to-end runs: slow, so only with
/// `RELIABILITY_SOAK=1` — `scripts/reliability` sets it (see there for the settings).
/// Not `MAINTENANCED_…`: the instances inherit the environment, and maintenanced
/// takes every `MAINTENANCED_` variable as configuration (an unknown one stops it).
@Suite("process faults: repeated SIGKILLs and rebalance storms over end-to-end runs", .serialized, .enabled(if: SoakSettings.current != nil))
struct ProcessFaultSoakTests {
    @Test("rounds of the end-to-end scenario under repeated kills or a rebalance storm: nothing lost, nothing applied twice, no crash")
    func soak() async throws {
        let settings = try #require(SoakSettings.current)
        Self.say("soak: \(settings.rounds) rounds, mode \(settings.mode), seed \(settings.seed), \(settings.servers) servers")
        var totals = SoakFigures()
        for round in 1...settings.rounds {
            let chaos = FleetChaos(kind: settings.kind(ofRound: round), seed: settings.seed &+ UInt64(round - 1))
            let rerun = "scripts/reliability --rounds 1 --mode \(chaos.kind) --seed \(chaos.seed) --servers \(settings.servers)"
            let figures = await Self.round(chaos, servers: settings.servers)
            Self.say("soak: round \(round)/\(settings.rounds) \(figures.line)")
            if !figures.problems.isEmpty {
                Self.say("soak: round \(round) failed; rerun: \(rerun)")
                Issue.record("round \(round) (\(chaos.kind.rawValue), seed \(chaos.seed)) failed; rerun: \(rerun)\n\(figures.problems.prefix(40).joined(separator: "\n"))")
            }
            if !figures.problems.isEmpty { totals.failedRounds += 1 }
            totals.add(figures)
        }
        let report = totals.table(settings)
        Self.say(report)
        if let path = settings.reportPath { try (report + "\n").write(toFile: path, atomically: true, encoding: .utf8) }
        #expect(totals.mustBeZero.allSatisfy { $0.value == 0 }, "\(totals.mustBeZero)")
    }

    /// Writes `line` to standard output at once (print's buffer is only flushed at the
    /// end when the output is a file).
    /// Also appended to RELIABILITY_SOAK_PROGRESS, which scripts/reliability follows
    /// (swift test passes the test's output on only at the end).
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
        guard let path = ProcessInfo.processInfo.environment["RELIABILITY_SOAK_PROGRESS"], let file = FileHandle(forWritingAtPath: path) else { return }
        file.seekToEndOfFile()
        file.write(Data((line + "\n").utf8))
        try? file.close()
    }

    /// One run of the scenario under `chaos`, with its figures and problems.
    static func round(_ chaos: FleetChaos, servers: Int) async -> SoakFigures {
        let scenario = FleetScenario(servers: servers, clusters: max(1, servers / 25))
        let children = Shared<[ChildProcess]>([])
        var figures = SoakFigures(kind: chaos.kind, seed: chaos.seed, rounds: 1)
        do {
            let outcome = try await FleetRun(scenario: scenario, chaos: chaos, seed: chaos.seed, timeout: .seconds(900)).run(children)
            figures.take(outcome, scenario: scenario)
        } catch {
            figures.unsettled = 1
            figures.problems.append("\(error)")
            for child in children.value {
                figures.problems.append("\(child.name) (\(child.status.map { "ended \($0)" } ?? "running")) standard error:\n\(child.standardErrorForReport(limit: 2000))")
                if child.isRunning { child.kill() }
            }
        }
        return figures
    }
}

/// The soak's settings, from the environment `scripts/reliability` sets.
struct SoakSettings: Sendable {
    var rounds = 4
    var seed: UInt64
    var servers = 200
    /// `kills`, `storm`, or `both` (alternating, kills first).
    var mode = "both"
    var reportPath: String?

    static let current: SoakSettings? = {
        let environment = ProcessInfo.processInfo.environment
        guard environment["RELIABILITY_SOAK"] == "1" else { return nil }
        var settings = SoakSettings(seed: environment["RELIABILITY_SOAK_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...999_999))
        if let rounds = environment["RELIABILITY_SOAK_ROUNDS"].flatMap({ Int($0) }), rounds > 0 { settings.rounds = rounds }
        if let servers = environment["RELIABILITY_SOAK_SERVERS"].flatMap({ Int($0) }), servers > 0 { settings.servers = servers }
        if let mode = environment["RELIABILITY_SOAK_MODE"], ["kills", "storm", "both"].contains(mode) { settings.mode = mode }
        settings.reportPath = environment["RELIABILITY_SOAK_REPORT"]
        return settings
    }()

    func kind(ofRound round: Int) -> FleetChaos.Kind {
        switch mode {
        case "kills": .kills
        case "storm": .storm
        default: round % 2 == 1 ? .kills : .storm
        }
    }
}

/// What one round, or all of them, came to.
struct SoakFigures: Sendable {
    var kind: FleetChaos.Kind?
    var seed: UInt64 = 0
    var rounds = 0
    var kills: [String: Int] = [:]
    var joins: [String: Int] = [:]
    var gracefulLeaves: [String: Int] = [:]
    var killedLeaves: [String: Int] = [:]
    var assignments: [String: Int] = [:]
    var snapshotRestores: [String: Int] = [:]
    var instances: [String: Int] = [:]
    var crashes: [String: Int] = [:]
    var hangs: [String: Int] = [:]
    var transitions = 0
    var sent = 0
    var requests = 0
    var redelivered = 0
    var rejections = 0
    /// Rejections by what was rejected, by whom and why.
    var rejectionKinds: [String: Int] = [:]
    var deadLetters = 0
    var lost = 0
    var duplicates = 0
    var offPlan = 0
    var arbiter = 0
    var unsettled = 0
    /// Rounds with any problem (a must-be-0 figure, or too little done).
    var failedRounds = 0
    var wall: Duration = .zero
    var problems: [String] = []

    var faults: Int { [kills, joins, gracefulLeaves, killedLeaves].reduce(0) { $0 + $1.values.reduce(0, +) } }

    /// The figures that must be 0.
    var mustBeZero: KeyValuePairs<String, Int> {
        [
            "events lost": lost, "duplicates applied": duplicates, "servers off plan": offPlan, "arbiter violations": arbiter,
            "dead letters": deadLetters, "crashes": crashes.values.reduce(0, +), "shutdown hangs": hangs.values.reduce(0, +),
            "rounds not settled": unsettled, "rounds failed": failedRounds,
        ]
    }

    mutating func take(_ outcome: FleetRun.Outcome, scenario: FleetScenario) {
        let view = outcome.progress.view
        kills = outcome.chaos.kills
        joins = outcome.chaos.joins
        gracefulLeaves = outcome.chaos.gracefulLeaves
        killedLeaves = outcome.chaos.killedLeaves
        for ending in outcome.instances {
            assignments[ending.role, default: 0] += ending.assignments
            snapshotRestores[ending.role, default: 0] += ending.snapshotRestores
            instances[ending.role, default: 0] += 1
            if ending.isCrash || ending.isUnexpectedKillEnding { crashes[ending.role, default: 0] += 1 }
            if ending.isHang { hangs[ending.role, default: 0] += 1 }
        }
        for ending in outcome.badEndings { problems.append("\(ending.summary); standard error (tail):\n\(ending.errors)") }
        transitions = view.transitionCount
        sent = outcome.progress.sent
        requests = outcome.progress.requests
        redelivered = view.redelivered
        rejections = view.rejectionCount
        for server in view.servers.values {
            for rejection in server.rejections { rejectionKinds[rejection.summary, default: 0] += 1 }
        }
        deadLetters = view.deadLetters
        for plan in scenario.servers {
            let final = FleetChecks.finalStateProblems(view.servers[plan.id], plan: plan)
            if !final.isEmpty {
                offPlan += 1
                // The first few such servers' transitions, in the order seen.
                if offPlan <= 5, let server = view.servers[plan.id] {
                    problems += final + server.transitions.map { "    \($0.role): \($0.summary) (\($0.id))" }
                    problems += server.rejections.map { "    \($0.summary) (\($0.id))" }
                } else {
                    problems += final
                }
            }
            guard let server = view.servers[plan.id] else { continue }
            for chainBreak in FleetChecks.chainBreaks(server) {
                if chainBreak.kind == .gap { lost += 1 } else { duplicates += 1 }
                problems.append(chainBreak.text)
            }
            let arbiterProblems = FleetChecks.arbiterProblems(server)
            arbiter += arbiterProblems.count
            problems += arbiterProblems
        }
        // Counts, so that a run that silently did less fails: every server seen, about
        // 29 transitions each, and faults injected all along.
        if view.servers.count != scenario.servers.count { problems.append("\(view.servers.count) servers seen, \(scenario.servers.count) planned") }
        if transitions < scenario.servers.count * 25 { problems.append("only \(transitions) transitions for \(scenario.servers.count) servers") }
        if outcome.chaos.total < 2 { problems.append("only \(outcome.chaos.total) faults injected") }
        if deadLetters > 0 { problems.append("\(deadLetters) dead letters") }
        wall = outcome.elapsed
        if !problems.isEmpty { problems.insert("faults: \(outcome.chaos.timeline.joined(separator: ", "))", at: 0) }
    }

    mutating func add(_ other: SoakFigures) {
        rounds += other.rounds
        for (keyPath, values) in [(\SoakFigures.kills, other.kills), (\.joins, other.joins), (\.gracefulLeaves, other.gracefulLeaves),
            (\.killedLeaves, other.killedLeaves), (\.assignments, other.assignments), (\.snapshotRestores, other.snapshotRestores), (\.instances, other.instances),
            (\.crashes, other.crashes), (\.hangs, other.hangs), (\.rejectionKinds, other.rejectionKinds)]
        {
            self[keyPath: keyPath].merge(values, uniquingKeysWith: +)
        }
        for keyPath in [\SoakFigures.transitions, \.sent, \.requests, \.redelivered, \.rejections, \.deadLetters, \.lost, \.duplicates, \.offPlan, \.arbiter, \.unsettled] {
            self[keyPath: keyPath] += other[keyPath: keyPath]
        }
        wall += other.wall
    }

    /// One line per round.
    var line: String {
        let verdict = problems.isEmpty ? "ok" : "FAILED"
        return "\(kind.map { "\($0)" } ?? "?") seed \(seed): \(verdict), \(faults) faults, \(transitions) transitions, "
            + "lost \(lost), duplicates \(duplicates), off plan \(offPlan), crashes \(crashes.values.reduce(0, +)), hangs \(hangs.values.reduce(0, +)), "
            + "rejections \(rejections), dead letters \(deadLetters), \(Int(wall / .seconds(1))) s"
    }

    /// The totals table.
    func table(_ settings: SoakSettings) -> String {
        func row(_ name: String, _ values: [String: Int]) -> String {
            let cells = RoleInstances.roles.map { values[$0, default: 0] } + [values.values.reduce(0, +)]
            return name.padding(toLength: 34, withPad: " ", startingAt: 0) + cells.map { String($0).leftPadded(10) }.joined()
        }
        func total(_ name: String, _ value: Int) -> String {
            name + String(value).leftPadded(max(String(value).count + 1, 74 - name.count))
        }
        var lines = [
            "process faults: \(rounds) rounds (mode \(settings.mode)), seed \(settings.seed), \(settings.servers) servers",
            "".padding(toLength: 34, withPad: " ", startingAt: 0) + (RoleInstances.roles + ["total"]).map { $0.leftPadded(10) }.joined(),
            row("kills (SIGKILL, restarted)", kills),
            row("joins (extra instance)", joins),
            row("leaves, graceful (SIGTERM)", gracefulLeaves),
            row("leaves, SIGKILL", killedLeaves),
            row("instances run", instances),
            row("partition assignments", assignments),
            row("restores from snapshots", snapshotRestores),
            row("crashes (must be 0)", crashes),
            row("shutdown hangs (must be 0)", hangs),
            total("faults injected", faults),
            total("transitions seen (distinct)", transitions),
            total("events sent by the simulator", sent),
            total("requests answered", requests),
            total("transitions redelivered (same id)", redelivered),
            total("rejections", rejections),
        ]
        lines += rejectionKinds.sorted { $0.key < $1.key }.map { total("  \($0.key)", $0.value) }
        lines += [
            total("dead letters (must be 0)", deadLetters),
            total("events lost (must be 0)", lost),
            total("duplicates applied (must be 0)", duplicates),
            total("servers off plan (must be 0)", offPlan),
            total("arbiter violations (must be 0)", arbiter),
            total("rounds not settled (must be 0)", unsettled),
            total("rounds failed (must be 0)", failedRounds),
            total("wall time, s (fleet runs)", Int(wall / .seconds(1))),
        ]
        let failed = mustBeZero.filter { $0.value != 0 }
        lines.append(failed.isEmpty ? "result: ok" : "result: FAILED (\(failed.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))")
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
