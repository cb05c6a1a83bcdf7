import FleetSimulator
import Foundation
import Kafka
import Logging
import Synchronization
import Testing

/// One end-to-end run: a broker process, two `maintenanced run` processes per role,
/// and the fleet simulator in the test process, optionally with one instance killed
/// by SIGKILL in the middle and restarted.
struct FleetRun {
    /// What to break in the middle of the run.
    struct Fault: Sendable {
        /// The role of the instance killed.
        var role: String
        /// Kill once the simulator has seen this many transitions.
        var afterTransitions: Int
    }

    /// What the run left behind.
    struct Outcome: Sendable {
        var progress: FleetSimulator.Progress
        var killed: Bool
    }

    let scenario: FleetScenario
    var fault: Fault?
    var timeout: Duration = .seconds(420)

    func run(_ children: Shared<[ChildProcess]>) async throws -> Outcome {
        var logger = Logger(label: "fleet-e2e")
        logger.logLevel = .warning
        let broker = try ChildProcess("broker", ["broker", "--stop-on-end-of-input", "--topics-dir", TopicsCommandTests.topicsDirectory])
        children.update { $0.append(broker) }
        try await waitUntil("the broker's bootstrap line") { broker.lines.first?.hasPrefix("bootstrap=") == true }
        let bootstrap = String(broker.lines[0].dropFirst("bootstrap=".count))

        func instance(_ role: String, _ number: Int) throws -> ChildProcess {
            let child = try ChildProcess(
                "\(role)-\(number)",
                [
                    "run", "--role", role, "--brokers", bootstrap, "--stop-on-end-of-input", "--topics-dir", TopicsCommandTests.topicsDirectory,
                    "--tick-interval-ms", "500", "--http-port", "0", "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=500", "-X", "fetch.wait.max.ms=10",
                ])
            children.update { $0.append(child) }
            return child
        }
        var instances: [ChildProcess] = []
        for role in ["scheduler", "power", "update"] {
            for number in 1...2 { instances.append(try instance(role, number)) }
        }
        try await waitUntil("every instance has partitions", timeout: .seconds(60)) {
            instances.allSatisfy { $0.standardError.contains("partitions assigned") }
        }

        var configuration = KafkaConfiguration(bootstrapServers: bootstrap)
        configuration["fetch.wait.max.ms"] = "10"
        let simulator = FleetSimulator(scenario: scenario, configuration: configuration, options: .init(timing: .fast), logger: logger)
        let outcome = try await withThrowingTaskGroup(of: Outcome?.self) { tasks in
            tasks.addTask { Outcome(progress: try await simulator.run(), killed: false) }
            tasks.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            var killed = false
            if let fault {
                try await waitUntil("\(fault.afterTransitions) transitions", timeout: timeout) {
                    simulator.progress.view.transitionCount >= fault.afterTransitions
                }
                let victim = try #require(instances.first { $0.name == "\(fault.role)-1" })
                victim.kill()
                _ = try await victim.exitStatus()
                let replacement = try instance(fault.role, 3)
                instances.append(replacement)
                killed = true
            }
            let first = try await tasks.next()
            tasks.cancelAll()
            guard let first, var outcome = first else {
                let progress = simulator.progress
                throw FleetRunError.notSettled(progress)
            }
            outcome.killed = killed
            return outcome
        }
        for child in instances where child.isRunning { child.terminate() }
        for child in instances where child.name != "\(fault?.role ?? "-")-1" {
            let status = try await child.exitStatus()
            if status != 0 { throw FleetRunError.exit(child.name, status, child.standardError) }
        }
        broker.terminate()
        _ = try await broker.exitStatus()
        return outcome
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
