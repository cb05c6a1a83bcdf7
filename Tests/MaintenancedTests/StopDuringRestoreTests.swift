import Contracts
import Events
import Foundation
import Kafka
import Logging
import MaintenancedClient
import MaintenancedTesting
import Processor
import Testing

/// SIGTERM while a role restores the partitions a rebalance just gave it.
///
/// `RoleRunner` restores an assignment's changelogs inside the rebalance hook, on the
/// consumer's thread, before the poll that ran the hook returns; `shutdown()` only raises a
/// flag and wakes a poll. The restore's read (`KafkaPartitionReader.read`) gives a partition
/// 120 s plus 5 s per partition to reach its end and is tried three times
/// (`RoleRunner.restoreAttempts`), and nothing in it looks at the stop: while the broker fails
/// its fetches (here every fetch answers NOT_LEADER_FOR_PARTITION for a while, as during a
/// leader election; or any broker slow to serve a large changelog), a SIGTERM waits for the
/// whole restore.
///
/// docs/RUNTIME.md: "every wait of a stop now takes at most what is left of one budget, 25 s
/// from the stop's start (`StopBudget`, begun by the shutdown notice ...)"; "A SIGTERM with no
/// broker reachable ends in an exit 0 25 s later"; the chart's `terminationGracePeriodSeconds`
/// is 60 s (RunWithoutBrokerTests), after which the pod is SIGKILLed. Here the stop waits for
/// the restore far beyond that.
@Suite("SIGTERM while the assigned partitions are restored: the stop's budget bounds it", .serialized, .timeLimit(.minutes(8)))
struct StopDuringRestoreTests {
    static let logger = Logger(label: "stop-during-restore-tests")

    @Test("a restore held up by failing fetches does not hold the stop: exit within the stop's budget (25 s, and a few more)")
    func stopDuringRestore() async throws {
        try await withChildProcesses { children in
            try await run(children)
        }
    }

    private func run(_ children: Shared<[ChildProcess]>) async throws {
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: Self.logger)
        func scheduler(_ name: String) async throws -> ChildProcess {
            let child = try ChildProcess(
                name,
                ["run", "--role", "scheduler", "--brokers", cluster.bootstrapServers, "--http-port", "0", "--topics-dir", RepositoryFiles.topicsDirectory]
                    + EmbeddedKafkaCluster.clientDefaults.sorted { $0.key < $1.key }.flatMap { ["-X", "\($0.key)=\($0.value)"] })
            children.update { $0.append(child) }
            return child
        }
        // A first instance leaves state in every partition's changelog, and stops.
        let first = try await scheduler("first")
        try await waitUntil("the first instance restored its partitions", timeout: .seconds(60)) { first.standardError.contains("assigned partitions restored") }
        let producer = try EventProducer(configuration: cluster.configuration(), logger: Self.logger)
        for index in 0..<40 {
            _ = try await producer.send(
                OutgoingEvent(EventName.maintenanceRequested, key: "server-\(index)", ["namespace": "ops", "name": "bios", "type": "BIOSUpdate"]),
                id: "stop-restore-\(index)", source: "/tests/operator", time: wallClockMilliseconds())
        }
        try await producer.close()
        try await waitUntil("the first instance processed the requests", timeout: .seconds(60)) {
            let ends = try KafkaPartitionReader(configuration: cluster.configuration(), logger: Self.logger)
                .watermarks(of: (0..<12).map { KafkaTopicPartition(topic: TopicName.changelog(of: .scheduler), partition: $0) })
            return ends.values.reduce(0) { $0 + $1.high } >= 40
        }
        first.terminate()
        #expect(try await first.exitStatus(timeout: .seconds(60)) == 0)

        // Fetches fail for a while (a leader election); a new instance is assigned the partitions
        // and restores them; it is told to stop as its restore begins.
        try cluster.pushBrokerRequestErrors(broker: 1, .fetch, errors: Array(repeating: (code: 6, roundTripMilliseconds: 100), count: 400))
        let second = try await scheduler("second")
        try await waitUntil("the second instance was assigned partitions", timeout: .seconds(120)) {
            second.standardError.contains("Kafka partitions assigned") || !second.isRunning
        }
        let asked = ContinuousClock.now
        second.terminate()
        // Past the budget and the chart's grace period, the test gives up waiting: the instance is
        // still restoring (in the run that found this, its first attempt gave up after 150 s and
        // a second began, the SIGTERM still unheeded 300 s after it came).
        let limit = StopBudget.defaultTotal + .seconds(10)
        let status = try? await second.exitStatus(timeout: .seconds(90)) { second.kill() }
        let took = ContinuousClock.now - asked
        cluster.clearRequestErrors(.fetch)
        #expect(status != nil && took < limit, "not stopped \(took) after SIGTERM (the budget is \(StopBudget.defaultTotal)): the restore in hand held the stop")
        #expect(status == 0 || status == nil, "\(second.standardError.suffix(2000))")
    }
}
