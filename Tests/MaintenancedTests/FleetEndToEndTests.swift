import FleetSimulator
import Foundation
import MaintenancedTesting
import Testing

/// The whole service end to end: the built executable in separate processes (two
/// instances of each role), the broker in another, and the outside world played by
/// the fleet simulator through Kafka only.
@Suite("maintenanced end to end: a simulated fleet through both seeds, two instances of each role", .serialized, .timeLimit(.minutes(20)))
struct FleetEndToEndTests {
    static let scenario = FleetScenario(servers: 200, clusters: 8)

    static func run(_ run: FleetRun) async throws -> FleetRun.Outcome {
        let children = Shared<[ChildProcess]>([])
        do {
            let outcome = try await run.run(children)
            // Every instance not killed by the test exited 0 on SIGTERM.
            for ending in outcome.badEndings { Issue.record("\(ending.summary); standard error (tail):\n\(ending.errors)") }
            return outcome
        } catch {
            for child in children.value { Issue.record("\(child.name) standard error (tail):\n\(child.standardError.suffix(3000))") }
            throw error
        }
    }

    @Test("200 servers through registration, queued maintenances with approvals and priorities, and a rolling update")
    func faultFree() async throws {
        let outcome = try await Self.run(FleetRun(scenario: Self.scenario))
        let view = outcome.progress.view
        let problems = FleetChecks.problems(view, scenario: Self.scenario, sequences: true)
        #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(40).joined(separator: "\n"))")
        // Nothing was dead-lettered and nothing rejected: the install runs under the lease,
        // so no maintenance powers a server off under it.
        #expect(view.deadLetters == 0)
        let rejections = view.servers.values.flatMap(\.rejections)
        #expect(rejections.isEmpty, "\(rejections.prefix(10))")
        #expect(view.transitionCount > 200 * 20)
        #expect(Set(FleetChecks.expectedSequences.keys).isSubset(of: Set(view.servers.keys)))
    }

    @Test("broker faults in the middle (RTT spikes, request errors, coordinator move, a broker down and back): the fault-free outcome")
    func brokerFaults() async throws {
        let outcome = try await Self.run(FleetRun(scenario: Self.scenario, brokerFaults: .init(afterTransitions: 1_500)))
        #expect(outcome.faults.count == 7)
        let view = outcome.progress.view
        let problems = FleetChecks.problems(view, scenario: Self.scenario, sequences: true)
        #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(40).joined(separator: "\n"))")
        #expect(view.deadLetters == 0)
        print("broker faults \(outcome.faults): transitions \(view.transitionCount), redelivered \(view.redelivered), rejections \(view.rejectionCount)")
    }

    @Test(
        "an instance killed with SIGKILL in the middle and restarted: same final states, no transition lost or applied twice",
        arguments: ["scheduler", "power", "update"])
    func killedInstance(role: String) async throws {
        let outcome = try await Self.run(FleetRun(scenario: Self.scenario, fault: .init(role: role, afterTransitions: 2_500)))
        #expect(outcome.killed)
        let view = outcome.progress.view
        // Final states as planned (the fault-free run ends the same way), every state
        // change following on the one before (none lost, none applied twice).
        let problems = FleetChecks.problems(view, scenario: Self.scenario, sequences: false)
        #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(40).joined(separator: "\n"))")
        #expect(view.deadLetters == 0)
        print("killed \(role): transitions \(view.transitionCount), redelivered \(view.redelivered), rejections \(view.rejectionCount)")
    }
}
