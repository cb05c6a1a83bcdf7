import Contracts
import Events
import Foundation
import Kafka
import Lifecycle
import Logging
import MaintenancedClient
import MaintenancedTesting
import Processor
import Testing

/// `maintenanced get --from-changelog` after a partition moved while its old owner still wrote.
///
/// The scenario: a scheduler instance folds a batch and hands it over to a new owner in a
/// rebalance (or is expelled from the group) while that batch's changelog records are still
/// in flight; the new owner restores, folds on and writes newer states; the old owner's
/// records land after them. docs/RUNTIME.md names that case ("a changelog record landing
/// after the next owner restored is the late write of an expelled instance") and says why it
/// is harmless: each state record carries `mtd-offset`, the log offset it reflects, and "a
/// restore keeps the newest record of each key" by it, so "a late changelog write of an
/// expelled instance neither rolls a state back nor gets an input applied twice".
///
/// docs/API.md promises that `get --from-changelog` reads the state topics "the newest record
/// of each key winning (as a restore does)". It does not: `ChangelogSnapshot.read` keeps the
/// record that comes *last* in the partition, whatever offset it reflects, so after such a late
/// write it shows the rolled-back state while every instance (a restore) holds the newer one.
/// The test writes the late record itself — an exact copy (key, value, `mtd-*` headers) of the
/// server's first changelog record, as the expelled instance would have sent it — appended
/// after the newer one, then compares `get server --from-changelog` with what a restarted
/// instance restored from the same changelog.
@Suite("get --from-changelog with a late changelog write: the newest state by mtd-offset, as a restore keeps", .serialized, .timeLimit(.minutes(4)))
struct FromChangelogLateWriteTests {
    static let logger = Logger(label: "from-changelog-late-write-tests")
    static let server = "server-late"

    @Test("an older state written after a newer one (an expelled instance's late write): get --from-changelog shows what a restore holds, not the rolled-back state")
    func lateWriteDoesNotRollBack() async throws {
        try await withChildProcesses { children in
            try await run(children)
        }
    }

    private func run(_ children: Shared<[ChildProcess]>) async throws {
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: Self.logger)
        let bootstrap = cluster.bootstrapServers
        func scheduler(_ name: String) async throws -> (ChildProcess, String) {
            let instance = try ChildProcess(
                name,
                ["run", "--role", "scheduler", "--brokers", bootstrap, "--http-port", "0", "--advertise-host", "127.0.0.1", "--topics-dir", RepositoryFiles.topicsDirectory]
                    + EmbeddedKafkaCluster.clientDefaults.sorted { $0.key < $1.key }.flatMap { ["-X", "\($0.key)=\($0.value)"] })
            children.update { $0.append(instance) }
            try await waitUntil("\(name) has partitions and listens", timeout: .seconds(60)) {
                instance.standardError.contains("assigned partitions restored") && StatusProbe.port(of: instance) != nil
            }
            return (instance, "http://127.0.0.1:\(StatusProbe.port(of: instance)!)")
        }
        func maintenances(_ view: JSONValue) -> [String] {
            (view["maintenances"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }.sorted()
        }

        // Two maintenance requests for one server: its scheduler state changes twice.
        let (first, url) = try await scheduler("scheduler-1")
        let producer = try EventProducer(configuration: cluster.configuration(), logger: Self.logger)
        for (index, type) in ["BIOSUpdate", "Cleanup"].enumerated() {
            _ = try await producer.send(
                OutgoingEvent(EventName.maintenanceRequested, key: Self.server, ["namespace": "ops", "name": .string("m-\(index)"), "type": .string(type)]),
                id: "late-write-request-\(index)", source: "/tests/operator", time: wallClockMilliseconds())
            try await waitUntil("the scheduler holds \(index + 1) maintenances", timeout: .seconds(30)) {
                maintenances(try await StatusProbe.json(url + "/v1/servers/\(Self.server)")).count == index + 1
            }
        }
        first.terminate()
        #expect(try await first.exitStatus(timeout: .seconds(60)) == 0)

        // The server's records in its scheduler.state partition, in the order written.
        let partition = Partitioner.partition(of: Self.server, count: 12)
        let changelog = KafkaTopicPartition(topic: TopicName.changelog(of: .scheduler), partition: partition)
        var records: [KafkaProducerMessage] = []
        _ = try KafkaPartitionReader(configuration: cluster.configuration(), logger: Self.logger).read([changelog]) { message in
            guard message.keyString == Self.server else { return }
            records.append(KafkaProducerMessage(topic: changelog.topic, partition: partition, key: message.key, value: message.value, headers: message.headers))
        }
        let offsets = records.map { $0.headers.string(named: RoleEngine.offsetHeader).flatMap { Int64($0) } ?? -1 }
        try #require(records.count >= 2, "the server's changelog records: \(offsets)")
        #expect(offsets.first! < offsets.last!, "\(offsets)")

        // The late write: the first state, as the old owner sent it, lands after the newest.
        let late = try KafkaProducer(configuration: cluster.configuration(), logger: Self.logger)
        _ = try await late.send(records[0])
        try await late.flush()

        // What a restore of this changelog holds: a new instance restores it.
        let (second, secondURL) = try await scheduler("scheduler-2")
        let restored = maintenances(try await StatusProbe.json(secondURL + "/v1/servers/\(Self.server)"))
        #expect(restored == ["m-0", "m-1"], "a restore keeps the state with the higher mtd-offset")
        second.terminate()
        #expect(try await second.exitStatus(timeout: .seconds(60)) == 0)

        // get --from-changelog must say the same.
        let get = try ChildProcess("get", ["get", "server", Self.server, "--from-changelog", "-b", bootstrap, "-o", "json"])
        #expect(try await get.exitStatus(timeout: .seconds(60)) == 0, "\(get.standardError)")
        let offline = maintenances(try JSONParser().parse(get.lines.joined(separator: "\n")))
        #expect(offline == restored, "get --from-changelog shows \(offline), the rolled-back state of the late write; a restore holds \(restored)")
        try await producer.close()
        try await late.close()
    }
}
