import Contracts
import Events
import Foundation
import Glibc
import Kafka
import Logging
import MaintenancedClient
import MaintenancedTesting
import Testing

/// A server's view asked while the instance directory still names the old owner of a part.
///
/// When a rebalance moves a partition of `power.state` from instance P1 to P2, P1 drops it at
/// the revocation, but its directory record keeps claiming it until P1 writes its next one
/// (checked every 0.5 s) and the asking instance has read that (its reader fetches every
/// 0.5 s): every rebalance opens such a window (an eager range rebalance moves many
/// partitions at once). P1 still answers `GET /v1/local/power/{key}`, with what it holds now:
/// `"state": null` and `"partitions"` without the moved one.
///
/// `InstanceStatusSource.all` (the lists) checks `partitions` and reports the partition
/// unavailable; `InstanceStatusSource.one` (`GET /v1/servers/{id}`, `get server`) takes
/// the null as "no state" and the peer as the owner: it shows the power controller's initial
/// state (`Unknown`, nothing waited for) and names P1 in `owners.power`, with nothing
/// unavailable — while the list entry of the same server, from the same directory, says the
/// power part was not read. docs/API.md: "Parts that cannot be read are reported, not
/// guessed", and `owners` names "which instance answered for each part".
///
/// The peer here is a socket that answers exactly what P1 answers then, named by a directory
/// record as a real instance's is, so that the window stays open for the test.
@Suite("a server's view when the directory names a peer that no longer holds the partition: unavailable, as in the list", .serialized, .timeLimit(.minutes(3)))
struct PeerNoLongerOwnerTests {
    static let logger = Logger(label: "peer-no-longer-owner-tests")
    static let server = "server-moved"

    @Test("GET /v1/servers/{id}: a peer's answer without the partition is not taken as the part's state; the part is unavailable, as /v1/servers says")
    func peerWithoutThePartition() async throws {
        try await withChildProcesses { children in
            try await run(children)
        }
    }

    private func run(_ children: Shared<[ChildProcess]>) async throws {
        let cluster = try await EmbeddedKafkaCluster.withDeclaredTopics(logger: Self.logger)
        let scheduler = try ChildProcess(
            "scheduler",
            ["run", "--role", "scheduler", "--brokers", cluster.bootstrapServers, "--http-port", "0", "--advertise-host", "127.0.0.1", "--topics-dir", RepositoryFiles.topicsDirectory]
                + EmbeddedKafkaCluster.clientDefaults.sorted { $0.key < $1.key }.flatMap { ["-X", "\($0.key)=\($0.value)"] })
        children.update { $0.append(scheduler) }
        try await waitUntil("the scheduler restored its partitions and listens", timeout: .seconds(60)) {
            scheduler.standardError.contains("assigned partitions restored") && StatusProbe.port(of: scheduler) != nil
        }
        let url = "http://127.0.0.1:\(StatusProbe.port(of: scheduler)!)"
        let producer = try EventProducer(configuration: cluster.configuration(), logger: Self.logger)
        _ = try await producer.send(
            OutgoingEvent(EventName.maintenanceRequested, key: Self.server, ["namespace": "ops", "name": "bios", "type": "BIOSUpdate"]),
            id: "moved-request-1", source: "/tests/operator", time: wallClockMilliseconds())
        try await producer.close()
        try await waitUntil("the scheduler answers for the server", timeout: .seconds(30)) {
            try await StatusProbe.get(url + "/v1/servers/\(Self.server)").status == 200
        }

        // The old owner of power.state: its record still claims every partition, and it answers
        // what an instance answers for a partition it no longer holds.
        let body = #"{"key":"\#(Self.server)","state":null,"states":{},"partitions":[]}"#
        let peer = try #require(ListeningSocket())
        peer.answerEvery(with: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        let address = "127.0.0.1:\(peer.port)"
        let record = InstanceRecord(instance: "moved-away", http: address, time: wallClockMilliseconds(), partitions: Array(0..<12))
        let directory = try KafkaProducer(configuration: cluster.configuration(), logger: Self.logger)
        _ = try await directory.send(KafkaProducerMessage(topic: "maintenanced.instances", partition: 0, key: "moved-away", value: record.json))
        try await directory.flush()
        try await directory.close()

        // Once the scheduler instance has read the record, it asks the peer for the power part.
        var view = JSONValue.null
        try await waitUntil("the scheduler instance has read the directory record", timeout: .seconds(30)) {
            view = try await StatusProbe.json(url + "/v1/servers/\(Self.server)")
            return view["unavailable"]?["power"]?.stringValue?.hasPrefix("no instance is known") != true
        }
        // The list, from the same directory, reports the power part not read.
        let listed = try await StatusProbe.json(url + "/v1/servers")
        let entry = try #require(listed["servers"]?.arrayValue?.first { $0["id"]?.stringValue == Self.server })
        #expect(entry["unavailable"]?["power"] != nil, "the list entry: the power part not read: \(entry["unavailable"] ?? .null)")
        #expect(entry["owners"]?["power"] == nil)
        // The server's own view must say the same.
        #expect(
            view["unavailable"]?["power"] != nil,
            "the view took the peer's null as the power part (owner \(view["owners"]?["power"] ?? .null), status \(view["status"] ?? .null)), naming nothing unavailable: \(view["unavailable"] ?? .null)")
        #expect(view["owners"]?["power"]?.stringValue != address, "the peer, which does not hold the partition, is named as the part's owner")
        scheduler.terminate()
        #expect(try await scheduler.exitStatus(timeout: .seconds(60)) == 0)
    }

    /// A directory record as an instance writes it (`InstanceDirectory.encode`), claiming `partitions` of `power.state`.
    struct InstanceRecord {
        var instance: String
        var http: String
        var time: Int64
        var partitions: [Int32]

        var json: String {
            #"{"instance":"\#(instance)","http":"\#(http)","time":\#(time),"partitions":{"power.state":[\#(partitions.map(String.init).joined(separator: ","))]}}"#
        }
    }
}
