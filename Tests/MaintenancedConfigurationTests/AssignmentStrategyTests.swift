import Foundation
import Kafka
import Testing

@testable import MaintenancedConfiguration

/// Found by an independent tester (time and order); now refused as a property the service owns: the runtime's one order per partition rests on co-partitioning
/// (docs/RUNTIME.md, "Co-partitioning"): the group's range assignment gives partition p of the
/// role's source topics and of `<role>.input` to one member, whose sequencer waits for every
/// source of p before it appends. `kafka.properties` passes any librdkafka property through
/// except four the service owns, so `partition.assignment.strategy: roundrobin` (or
/// `cooperative-sticky`, whose incremental protocol `RebalanceHandler` even serves) is taken
/// as it is. Under it a member can own `maintenance.requests[p]` without `server.lifecycle[p]`
/// (roundrobin with 5 members gives them to different members): its sequencer appends the
/// request without waiting for the claim another member appends, several members append
/// ticks to one log partition, and a claim produced before a request can be folded after it,
/// with nothing logged.
@Suite("An assignment strategy that does not co-partition is refused or overridden")
struct AssignmentStrategyTests {
    @Test("partition.assignment.strategy other than range in kafka.properties: a configuration problem, or every role's consumer still assigns by range",
        arguments: ["roundrobin", "cooperative-sticky"])
    func nonRangeStrategy(strategy: String) throws {
        let fixtures = try ConfigurationFixtures()
        defer { fixtures.remove() }
        let file = try fixtures.write("maintenanced.yaml", "kafka:\n  properties:\n    partition.assignment.strategy: \(strategy)\n")
        let result = Result { () throws(ConfigurationError) in try ConfigurationLoader(file: file, environment: [:]).load() }
        let problems: [String]
        switch result {
        case .failure(let error): problems = error.problems.map { "\($0)" }
        case .success: problems = []
        }
        if !problems.isEmpty {
            #expect(problems.contains { $0.contains("partition.assignment.strategy") }, "\(problems)")
            return
        }
        guard case .success(let loaded) = result else { return }
        let consumer = loaded.configuration.consumerConfiguration(for: .scheduler)
        #expect(consumer["partition.assignment.strategy"]?.hasPrefix("range") == true,
            "taken as is: the scheduler's members assign by \(consumer["partition.assignment.strategy"] ?? "?"), which does not co-partition its sources and log")
    }
}
