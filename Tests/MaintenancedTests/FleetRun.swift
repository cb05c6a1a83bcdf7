import FleetSimulator
import Foundation
import Kafka
import KafkaTopics
import Logging
import MaintenancedTesting
import Synchronization
import Testing

/// One end-to-end run: a broker process, two `maintenanced run` processes per role,
/// and the fleet simulator in the test process, optionally with one instance killed
/// by SIGKILL in the middle and restarted, broker faults, or process faults all along
/// (`FleetChaos`). How each instance ended is in the outcome (`badEndings`).
struct FleetRun {
    /// What to break in the middle of the run.
    struct Fault: Sendable {
        /// The role of the instance killed.
        var role: String
        /// Kill once the simulator has seen this many transitions.
        var afterTransitions: Int
    }

    /// Broker faults injected through the embedded broker, which then runs in the
    /// test process (three brokers) instead of a process of its own.
    struct BrokerFaults: Sendable {
        /// Start once the simulator has seen this many transitions.
        var afterTransitions: Int
    }

    /// What the run left behind.
    struct Outcome: Sendable {
        var progress: FleetSimulator.Progress
        var killed: Bool
        /// The faults injected, in words.
        var faults: [String] = []
        /// The process faults injected by `chaos`.
        var chaos = FleetChaos.Counts()
        /// How every `maintenanced run` instance ended.
        var instances: [RoleInstances.Ending] = []
        /// From the simulator's start to the fleet settled.
        var elapsed: Duration = .zero

        /// Instances that crashed (ended other than by exiting 0, not killed by the
        /// run), did not stop on SIGTERM, or were killed but ended otherwise.
        var badEndings: [RoleInstances.Ending] { instances.filter { $0.isCrash || $0.isHang || $0.isUnexpectedKillEnding } }
    }

    let scenario: FleetScenario
    var fault: Fault?
    var brokerFaults: BrokerFaults?
    /// Process faults for the whole run.
    var chaos: FleetChaos?
    /// The simulator's seed (its reaction delays).
    var seed: UInt64 = 1
    var timeout: Duration = .seconds(420)
    /// Runs beside the fleet (e.g. queries of the status API) until the fleet settles; it is then cancelled.
    var alongside: (@Sendable (RoleInstances) async throws -> Void)?

    /// The folder name of this run's logs: the soak's seed, or the fault it injects.
    var logName: String {
        if let chaos { return "seed-\(chaos.seed)" }
        if let fault { return "kill-\(fault.role)" }
        return brokerFaults == nil ? "fault-free" : "broker-faults"
    }

    func run(_ children: Shared<[ChildProcess]>) async throws -> Outcome {
        // Every process's whole log, kept when asked (scripts/reliability asks), whether the run
        // settles or fails.
        defer {
            if let directory = ProcessInfo.processInfo.environment["RELIABILITY_SOAK_LOGS"] {
                saveLogs(of: children.value, to: "\(directory)/\(logName)")
            }
        }
        var logger = Logger(label: "fleet-e2e")
        logger.logLevel = .warning
        var broker: ChildProcess?
        var cluster: EmbeddedKafkaCluster?
        let bootstrap: String
        if brokerFaults != nil {
            let embedded = try EmbeddedKafkaCluster(brokers: 3, logger: logger)
            guard try await embedded.applyTopics(directory: RepositoryFiles.topicsDirectory, logger: logger).succeeded else {
                throw FleetRunError.exit("embedded broker", 1, "topics not created")
            }
            bootstrap = embedded.bootstrapServers
            cluster = embedded
        } else {
            let child = try ChildProcess("broker", ["broker", "--stop-on-end-of-input", "--topics-dir", RepositoryFiles.topicsDirectory])
            children.update { $0.append(child) }
            try await waitUntil("the broker's bootstrap line") { child.lines.first?.hasPrefix("bootstrap=") == true }
            bootstrap = String(child.lines[0].dropFirst("bootstrap=".count))
            broker = child
        }

        // An OS update whose reports were lost (the server was powered off for a
        // maintenance just after the update was triggered) is retried after 60 s, not 1 h (long enough to outlast a killed
        // instance's hand-over, whose ticks can run ahead of its backlog).
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-e2e-\(UUID().uuidString).yaml").path
        // Snapshots every 2 s while running, so that an instance restarted after a kill restores
        // from them and the changelogs' tails.
        try "roles:\n  update:\n    update: {timeout: 60s, attempts: 6}\nstate:\n  snapshotInterval: 2s\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: config) }
        // One state directory for every instance, as on one host: a graceful leave leaves
        // snapshots, which whichever instance is assigned those partitions next restores from.
        let stateDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("fleet-state-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: stateDirectory) }
        let instances = RoleInstances(
            arguments: [
                "--brokers", bootstrap, "--config", config, "--stop-on-end-of-input", "--topics-dir", RepositoryFiles.topicsDirectory,
                "--state-dir", stateDirectory,
                "--tick-interval-ms", "500", "--http-port", "0", "--advertise-host", "127.0.0.1",
            ] + EmbeddedKafkaCluster.clientDefaults.sorted { $0.key < $1.key }.flatMap { ["-X", "\($0.key)=\($0.value)"] },
            children: children)
        for role in RoleInstances.roles {
            for _ in 1...2 { try instances.start(role) }
        }
        try await waitUntil("every instance has partitions", timeout: .seconds(60)) {
            instances.all.allSatisfy { $0.standardError.contains("partitions assigned") }
        }

        var configuration = KafkaConfiguration(bootstrapServers: bootstrap, EmbeddedKafkaCluster.clientDefaults)
        configuration["enable.idempotence"] = "true"
        let simulator = FleetSimulator(scenario: scenario, configuration: configuration, options: .init(timing: .fast, seed: seed), logger: logger)
        let chaosCounts = Shared(FleetChaos.Counts())
        let started = ContinuousClock.now
        var outcome = try await withThrowingTaskGroup(of: Outcome?.self) { tasks in
            tasks.addTask { Outcome(progress: try await simulator.run(), killed: false) }
            tasks.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            if let chaos {
                tasks.addTask {
                    try await chaos.inject(into: instances, counts: chaosCounts)
                    return nil
                }
            }
            if let alongside {
                tasks.addTask {
                    try await alongside(instances)
                    // Done early: wait for the fleet (this task must not end the run).
                    try await Task.sleep(for: .seconds(86_400))
                    return nil
                }
            }
            var killed = false
            var faults: [String] = []
            if let brokerFaults, let cluster {
                try await waitUntil("\(brokerFaults.afterTransitions) transitions", timeout: timeout) {
                    simulator.progress.view.transitionCount >= brokerFaults.afterTransitions
                }
                faults = try await Self.inject(into: cluster)
            }
            if let fault {
                try await waitUntil("\(fault.afterTransitions) transitions", timeout: timeout) {
                    simulator.progress.view.transitionCount >= fault.afterTransitions
                }
                let victim = try #require(instances.live(fault.role).first)
                try await instances.kill(victim)
                try instances.start(fault.role)
                killed = true
            }
            let first = try await tasks.next()
            tasks.cancelAll()
            guard let first, var outcome = first else {
                let progress = simulator.progress
                throw FleetRunError.notSettled(progress)
            }
            outcome.killed = killed
            outcome.faults = faults
            return outcome
        }
        outcome.elapsed = ContinuousClock.now - started
        outcome.chaos = chaosCounts.value
        outcome.instances = await instances.stopAll()
        if let broker {
            broker.terminate()
            let status = try await broker.exitStatus()
            if status != 0 { throw FleetRunError.exit(broker.name, status, broker.standardError) }
        }
        withExtendedLifetime(cluster) {}
        return outcome
    }

    /// One of each fault the issue names, a few seconds apart, while the fleet works:
    /// RTT spikes, request errors on produce, fetch, commit and group calls, a
    /// coordinator move, and a broker down and back.
    static func inject(into cluster: EmbeddedKafkaCluster) async throws -> [String] {
        var done: [String] = []
        // librdkafka error codes: NOT_LEADER_FOR_PARTITION 6, REQUEST_TIMED_OUT 7,
        // COORDINATOR_NOT_AVAILABLE 15, NOT_COORDINATOR 16, REBALANCE_IN_PROGRESS 27.
        for broker in Int32(1)...3 { try await cluster.setRoundTripTime(broker: broker, milliseconds: 400) }
        try await Task.sleep(for: .seconds(2))
        for broker in Int32(1)...3 { try await cluster.setRoundTripTime(broker: broker, milliseconds: 0) }
        done.append("RTT 400 ms on every broker for 2 s")
        cluster.pushRequestErrors(.produce, errors: [6, 7, 6, 7])
        done.append("produce: NOT_LEADER_FOR_PARTITION, REQUEST_TIMED_OUT ×2")
        cluster.pushRequestErrors(.fetch, errors: [6, 7, 6])
        done.append("fetch: NOT_LEADER_FOR_PARTITION ×2, REQUEST_TIMED_OUT")
        cluster.pushRequestErrors(.offsetCommit, errors: [15, 16, 27])
        done.append("offset commit: COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR, REBALANCE_IN_PROGRESS")
        cluster.pushRequestErrors(.heartbeat, errors: [16, 27])
        done.append("heartbeat: NOT_COORDINATOR, REBALANCE_IN_PROGRESS")
        try await Task.sleep(for: .seconds(2))
        try await cluster.setGroupCoordinator("maintenanced-scheduler", broker: 2)
        try await cluster.setGroupCoordinator("maintenanced-update", broker: 3)
        done.append("coordinator of maintenanced-scheduler and maintenanced-update moved")
        try await Task.sleep(for: .seconds(2))
        try await cluster.setBrokerDown(2)
        try await Task.sleep(for: .seconds(3))
        try await cluster.setBrokerUp(2)
        done.append("broker 2 down for 3 s and back")
        return done
    }
}

/// Why a fleet run did not finish.
enum FleetRunError: Error, CustomStringConvertible {
    case notSettled(FleetSimulator.Progress)
    case exit(String, Int32, String)

    var description: String {
        switch self {
        case .notSettled(let progress):
            var text = "the fleet did not settle: stages \(progress.stages), sent \(progress.sent), waiting \(progress.waiting)\n"
            for (id, stage) in progress.unfinished.sorted(by: { $0.key < $1.key }).prefix(20) {
                guard let server = progress.view.servers[id] else {
                    text += "\(id) (\(stage)): nothing seen\n"
                    continue
                }
                text += "\(id) (\(stage)): \(server.status) \(server.operationalState) \(server.updateState) \(server.maintenances)\n"
                text += server.transitions.map { "    \($0.role): \($0.summary)" }.joined(separator: "\n") + "\n"
                text += server.rejections.map { "    \($0.summary)" }.joined(separator: "\n") + "\n"
            }
            return text
        case .exit(let name, let status, let errors):
            return "\(name) exited with \(status):\n\(errors.suffix(3000))"
        }
    }
}
