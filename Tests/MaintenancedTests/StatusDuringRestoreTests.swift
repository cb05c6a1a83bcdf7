import Contracts
import Events
import Foundation
import Kafka
import Logging
import MaintenancedClient
import MaintenancedTesting
import Testing

/// The status API of an instance while it restores the partitions it was just given.
///
/// Whenever a partition moves (an instance joins, leaves, is killed; every rebalance of the
/// eager range protocol revokes and assigns again), its new owner restores the partition's
/// changelog inside the rebalance hook before folding anything: about 20 s for 1 M servers
/// (README, BENCHMARKS.md), and as long as the broker takes to answer. `RoleRunner.restore`
/// puts the partitions in `restored` — what `ownedChangelogPartitions` reports, and what the
/// status source (`InstanceStatusSource.one`/`all`) and the peers' `/v1/local/{kind}` answers
/// take as "this instance owns the partition and reads it" — *before* it reads them, and the
/// engine holds nothing of them until the read ends. Meanwhile the instance answers for those
/// partitions from its empty engine as if it had read them: to a peer, "I own scheduler.state[p]
/// and the server has no state there"; the peer then shows the server with the scheduler's
/// initial state (no maintenance) and the restoring instance as the part's owner, naming
/// nothing unavailable. With every role in one process, the same window answers an existing
/// server with a 404 and leaves it out of `/v1/servers` (seen: 131 answers of 404 in a row
/// with the broker 1 s late).
///
/// docs/API.md: "Parts that cannot be read are reported, not guessed: `unavailable` names the
/// role and why"; a 503 is for "no part of a server could be read ... (during a rebalance, or
/// with an owner down)"; a 404 is "an unknown server". Here the broker answers every request
/// 1 s late once a power instance runs, so that the scheduler instance that joins then restores
/// long enough to be asked during it; a large fleet's restore is as long without any delay.
@Suite("status API while the assigned partitions are restored: unavailable, not unknown", .serialized, .timeLimit(.minutes(5)))
struct StatusDuringRestoreTests {
    static let logger = Logger(label: "status-during-restore-tests")
    static let server = "server-restoring"

    @Test("while a scheduler instance restores, neither it (to peers) nor a peer answers the server as having no scheduler state; the part is unavailable")
    func existingServerDuringRestore() async throws {
        try await withChildProcesses { children in
            try await run(children)
        }
    }

    private func run(_ children: Shared<[ChildProcess]>) async throws {
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: Self.logger)
        func instance(_ name: String, role: String = "all") async throws -> (ChildProcess, String) {
            let child = try ChildProcess(
                name,
                ["run", "--role", role, "--brokers", cluster.bootstrapServers, "--http-port", "0", "--advertise-host", "127.0.0.1", "--topics-dir", RepositoryFiles.topicsDirectory]
                    + EmbeddedKafkaCluster.clientDefaults.sorted { $0.key < $1.key }.flatMap { ["-X", "\($0.key)=\($0.value)"] })
            children.update { $0.append(child) }
            try await waitUntil("\(name) listens", timeout: .seconds(60)) { StatusProbe.port(of: child) != nil || !child.isRunning }
            return (child, "http://127.0.0.1:\(try #require(StatusProbe.port(of: child)))")
        }
        func restoredRoles(_ child: ChildProcess) -> Int { child.standardError.components(separatedBy: "assigned partitions restored").count - 1 }

        // The first instance (every role) learns of the server — its maintenance waits for the
        // BMC, so the scheduler and the power controller hold state for it — and stops.
        let (first, url) = try await instance("first")
        try await waitUntil("the first instance's three roles restored", timeout: .seconds(60)) { restoredRoles(first) >= 3 }
        let producer = try EventProducer(configuration: cluster.configuration(), logger: Self.logger)
        _ = try await producer.send(
            OutgoingEvent(EventName.maintenanceRequested, key: Self.server, ["namespace": "ops", "name": "bios", "type": "BIOSUpdate", "policy": "enforced"]),
            id: "restore-request-1", source: "/tests/operator", time: wallClockMilliseconds())
        try await producer.close()
        try await waitUntil("the first instance holds the server's maintenance and power wait", timeout: .seconds(30)) {
            let view = try await StatusProbe.json(url + "/v1/servers/\(Self.server)")
            return Self.classify((200, "\(view)")) == "200" && (view["waits"]?.arrayValue ?? []).contains { $0["role"] == "power" }
        }
        first.terminate()
        #expect(try await first.exitStatus(timeout: .seconds(60)) == 0)

        // A power instance takes over the power part (restored at the broker's usual speed).
        let (power, powerURL) = try await instance("power", role: "power")
        try await waitUntil("the power instance restored", timeout: .seconds(60)) { restoredRoles(power) >= 1 }

        // Then the broker gets slow, and a scheduler instance joins: its restore takes seconds.
        try await cluster.setRoundTripTime(broker: 1, milliseconds: 1_000)
        let (scheduler, schedulerURL) = try await instance("scheduler", role: "scheduler")
        try await waitUntil("the scheduler instance was assigned partitions", timeout: .seconds(120)) {
            scheduler.standardError.contains("Kafka partitions assigned") || !scheduler.isRunning
        }
        let partition = Partitioner.partition(of: Self.server, count: 12)
        // What the restoring instance tells peers of the server (GET /v1/local/scheduler/{key}), and
        // what a peer (the power instance) answers for it, asking the scheduler's part there.
        var local: [String] = []
        var viaPeer: [String] = []
        while restoredRoles(scheduler) < 1, scheduler.isRunning {
            let answer = try await StatusProbe.json(schedulerURL + "/v1/local/scheduler/\(Self.server)")
            let claims = (answer["partitions"]?.arrayValue ?? []).contains { $0.intValue == Int64(partition) }
            local.append(!claims ? "not claimed" : answer["state"] == .null ? "claimed, no state" : "claimed, with state")
            viaPeer.append(Self.classify(try await StatusProbe.get(powerURL + "/v1/servers/\(Self.server)")))
            try await Task.sleep(for: .milliseconds(100))
        }
        try await cluster.setRoundTripTime(broker: 1, milliseconds: 0)
        try #require(!local.isEmpty, "the restore ended before the first query")
        let claimedEmpty = local.contains("claimed, no state")
        #expect(!claimedEmpty, "during its restore the scheduler instance claimed scheduler.state[\(partition)] and answered that the server has no state: \(Self.runs(local))")
        let emptyViaPeer = viaPeer.contains("200 without its maintenance, nothing unavailable") || viaPeer.contains("404")
        #expect(!emptyViaPeer, "a peer showed the server without its scheduler part and named nothing unavailable: \(Self.runs(viaPeer))")
        // Once restored, both answer with the maintenance.
        #expect(Self.classify(try await StatusProbe.get(schedulerURL + "/v1/servers/\(Self.server)")) != "404")
        try await waitUntil("the power instance shows the maintenance", timeout: .seconds(30)) {
            Self.classify(try await StatusProbe.get(powerURL + "/v1/servers/\(Self.server)")) == "200"
        }
        for child in [scheduler, power] {
            child.terminate()
            #expect(try await child.exitStatus(timeout: .seconds(60)) == 0, "\(child.name)")
        }
    }

    /// An answer for the server: its status, and for a 200 whether it holds the server's
    /// maintenance (the scheduler's part read) or says why that part is missing.
    static func classify(_ answer: (status: Int, body: String)) -> String {
        guard answer.status == 200, let view = try? JSONParser().parse(answer.body) else { return "\(answer.status)" }
        if (view["maintenances"]?.arrayValue ?? []).contains(where: { $0["name"]?.stringValue == "bios" }) { return "200" }
        return view["unavailable"]?["scheduler"] != nil ? "200, scheduler unavailable" : "200 without its maintenance, nothing unavailable"
    }

    /// `values` as runs, in order: `12× 503, 40× 404, 3× 200`.
    static func runs(_ values: [String]) -> String {
        var runs: [(value: String, count: Int)] = []
        for value in values {
            if runs.last?.value == value { runs[runs.count - 1].count += 1 } else { runs.append((value, 1)) }
        }
        return runs.map { "\($0.count)× \($0.value)" }.joined(separator: ", ")
    }
}
