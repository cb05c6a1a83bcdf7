import Events
import FleetSimulator
import FleetStatus
import Foundation
import Kafka
import MaintenancedTesting
import Testing

/// The status API of a running service: two instances of each role in separate
/// processes, servers that wait for a BMC that never answers (so they are stuck), asked
/// through `maintenanced get` and the status page of different instances, then with
/// the service stopped through `--from-changelog`.
@Suite("maintenanced get and the status page: two instances of each role, and the service stopped", .serialized, .timeLimit(.minutes(6)))
struct StatusAPITests {
    /// Ids a URL must escape: `%`, `/`, `#`, space, non-ASCII letters.
    static let escapedIDs = ["srv%41", "rack1/s#1 x", "sérvér-ü"]
    static let servers = ["server-a", "server-b", "server-c", "server-d", "server-e", "server-f"] + escapedIDs

    /// Runs `maintenanced get …`; the exit status and standard output.
    static func get(_ arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
        let child = try ChildProcess("get", ["get"] + arguments)
        let status = try await child.exitStatus(timeout: .seconds(60))
        return (status, child.lines.joined(separator: "\n"), child.standardError)
    }

    @Test("get servers --stuck and the page of another instance show the same servers and waits; get server proxies the parts other instances own; --from-changelog agrees once the service is stopped")
    func twoInstancesOfEachRole() async throws {
        try await withChildProcesses { children in
            try await run(children)
        }
    }

    private func run(_ children: Shared<[ChildProcess]>) async throws {
        let broker = try ChildProcess("broker", ["broker", "--stop-on-end-of-input", "--topics-dir", RepositoryFiles.topicsDirectory])
        children.update { $0.append(broker) }
        try await waitUntil("the broker's bootstrap line") { broker.lines.first?.hasPrefix("bootstrap=") == true }
        let bootstrap = String(broker.lines[0].dropFirst("bootstrap=".count))
        let instances = RoleInstances(
            arguments: [
                "--brokers", bootstrap, "--stop-on-end-of-input", "--topics-dir", RepositoryFiles.topicsDirectory, "--tick-interval-ms", "500",
                "--http-port", "0", "--advertise-host", "127.0.0.1",
            ] + EmbeddedKafkaCluster.clientDefaults.sorted { $0.key < $1.key }.flatMap { ["-X", "\($0.key)=\($0.value)"] },
            children: children)
        for role in RoleInstances.roles {
            for _ in 1...2 { try instances.start(role) }
        }
        try await waitUntil("every instance has partitions and listens", timeout: .seconds(90)) {
            instances.all.allSatisfy { $0.standardError.contains("partitions assigned") && StatusProbe.port(of: $0) != nil }
        }
        for server in Self.servers {
            let request = try ChildProcess(
                "request", ["request", "maintenance", "-b", bootstrap, "--server", server, "--type", "BIOSUpdate", "--policy", "enforced"])
            #expect(try await request.exitStatus() == 0, "\(request.standardError)")
        }
        let ports = instances.all.compactMap(StatusProbe.port)
        let urls = ports.map { "http://127.0.0.1:\($0)" }
        // Every server waits for the power controller (scheduler) and for the BMC (power), on any instance asked.
        let query = "/v1/servers?stuck=true&stuckAfter=1s"
        for url in urls {
            try await waitUntil("\(url) lists the six servers stuck with two waits each", timeout: .seconds(90), interval: .milliseconds(200)) {
                let answer = try await StatusProbe.json(url + query)
                let waits = StatusProbe.waits(ofServers: answer)
                return answer["unavailable"] == nil && Set(waits.keys) == Set(Self.servers) && waits.values.allSatisfy { $0.count == 2 }
            }
        }

        // The CLI against the first scheduler instance; the page of the last update instance.
        let cli = try await Self.get(["servers", "--stuck", "--stuck-after", "1s", "-o", "json", "--server", urls[0]])
        #expect(cli.status == 0, "\(cli.errors)")
        let cliWaits = StatusProbe.waits(ofServers: try JSONParser().parse(cli.output))
        let page = try await StatusProbe.get(urls[urls.count - 1] + "/?stuckAfter=1s")
        #expect(page.status == 200)
        let pageWaits = StatusProbe.stuckWaits(onPage: page.body)
        #expect(Set(cliWaits.keys) == Set(Self.servers))
        #expect(cliWaits == pageWaits, "CLI \(cliWaits)\npage \(pageWaits)")
        #expect(cliWaits.values.allSatisfy { waits in waits.contains { $0.hasPrefix("scheduler settingPower 1/") } && waits.contains { $0.hasPrefix("power gracefulOff 1/1 ") } })
        // HOST:PORT, no scheme, means http://HOST:PORT.
        let table = try await Self.get(["servers", "--stuck", "--stuck-after", "1s", "--server", String(urls[1].dropFirst("http://".count))])
        #expect(table.status == 0 && table.output.split(separator: "\n").count == 1 + Self.servers.count, "\(table.output)")

        // A scheduler instance holds no power state: it asks the power instance that owns the server's partition.
        let schedulerURL = urls[0]
        let asked = try await StatusProbe.json(schedulerURL + "/v1/servers/server-a")
        let powerOwner = try #require(asked["owners"]?["power"]?.stringValue)
        #expect(powerOwner != schedulerURL.dropFirst("http://".count).description)
        #expect(urls.contains("http://" + powerOwner))
        #expect(asked["waits"]?.arrayValue?.count == 2)
        let server = try await Self.get(["server", "server-a", "--server", urls[2]])
        #expect(server.status == 0 && server.output.contains("power gracefulOff:") && server.output.contains("recent transitions:"), "\(server.output)")
        #expect(server.output.contains("maintenance.state.changed"), "\(server.output)")
        // Each server's owners are the same in the list as in its own view: all three parts, each named by the instance that answered for it.
        let listed = try await StatusProbe.json(schedulerURL + "/v1/servers")
        #expect(listed["servers"]?.arrayValue?.count == Self.servers.count && listed["unavailable"] == nil)
        for entry in listed["servers"]?.arrayValue ?? [] {
            let id = try #require(entry["id"]?.stringValue)
            let owners = try #require(entry["owners"]?.objectValue)
            #expect(owners.members.map(\.key) == ["scheduler", "power", "update"] && owners.members.allSatisfy { urls.contains("http://\($0.value.stringValue ?? "")") }, "\(id): \(owners)")
            #expect(try await StatusProbe.json(schedulerURL + "/v1/servers/" + PercentEncoding.encode(id))["owners"] == entry["owners"], "\(id)")
        }
        // Ids that need escaping: found through the API, get and the peers' /v1/local/{kind}/{key}
        // (the scheduler instance asks a power and an update instance for their parts).
        for id in Self.escapedIDs {
            let view = try await StatusProbe.json(schedulerURL + "/v1/servers/" + PercentEncoding.encode(id))
            #expect(view["id"]?.stringValue == id && view["waits"]?.arrayValue?.count == 2 && view["unavailable"] == nil, "\(id): \(view)")
            let owners = view["owners"]?.objectValue?.members.map(\.key)
            #expect(owners == ["scheduler", "power", "update"], "\(id): \(view)")
            #expect(view["owners"]?["power"]?.stringValue != schedulerURL.dropFirst("http://".count).description, "\(id)")
            let shown = try await Self.get(["server", id, "--server", urls[2]])
            #expect(shown.status == 0 && shown.output.hasPrefix("server:       \(id)\n") && shown.output.contains("power gracefulOff:"), "\(id): \(shown.output)\n\(shown.errors)")
        }

        // Bad input and exit codes.
        let missing = try await Self.get(["server", "server-z", "--server", urls[3]])
        #expect(missing.status == 1 && missing.errors.contains("server server-z") && missing.errors.contains(urls[3]), "\(missing.errors)")
        #expect(try await Self.get(["cluster", "cluster-z", "--server", urls[4]]).status == 1)
        #expect(try await Self.get(["clusters", "--server", urls[4]]).status == 0)
        #expect(try await Self.get(["servers", "--limit", "0", "--server", urls[4]]).status == 64)
        // A state no server can have is refused, as a bad --waiting is, naming the states; a real one filters.
        let typo = try await Self.get(["servers", "--state", "bogus", "--server", urls[4]])
        #expect(typo.status == 64 && typo.output.isEmpty, "\(typo.output)")
        #expect(typo.errors.contains("state=bogus: expected a status (Unknown, Pending, Ready,") && typo.errors.contains("an operational state (available, reserved, maintenance)"), "\(typo.errors)")
        let typoAPI = try await StatusProbe.get(urls[4] + "/v1/servers?state=bogus")
        let typoAnswer = try JSONParser().parse(typoAPI.body)
        #expect(typoAPI.status == 400 && typoAnswer["parameter"] == "state", "\(typoAPI.body)")
        let inMaintenance = try await Self.get(["servers", "--state", "Maintenance", "-o", "json", "--server", urls[4]])
        let maintenanceAnswer = try JSONParser().parse(inMaintenance.output)
        #expect(inMaintenance.status == 0 && maintenanceAnswer["total"]?.intValue == Int64(Self.servers.count), "\(inMaintenance.errors)")
        #expect(try await Self.get(["cluster", "", "--server", urls[4]]).status == 64)
        let unreachable = try await Self.get(["servers", "--server", "http://127.0.0.1:1"])
        #expect(unreachable.status == 69 && unreachable.errors.contains("cannot reach http://127.0.0.1:1/v1/servers?limit=100&offset=0: connection refused"), "\(unreachable.errors)")
        #expect(!unreachable.errors.contains("Failure"), "\(unreachable.errors)")
        #expect(try await Self.get(["servers", "--server", "https://127.0.0.1:1"]).status == 64)

        // The service stopped: the state topics say the same.
        let endings = await instances.stopAll()
        #expect(endings.allSatisfy { $0.status == 0 }, "\(endings.map(\.summary))")
        let offline = try await Self.get(["servers", "--stuck", "--stuck-after", "1s", "-o", "json", "--from-changelog", "-b", bootstrap])
        #expect(offline.status == 0, "\(offline.errors)")
        #expect(StatusProbe.waits(ofServers: try JSONParser().parse(offline.output)) == cliWaits)
        let offlineServer = try await Self.get(["server", "server-a", "--from-changelog", "-b", bootstrap, "-o", "yaml"])
        #expect(offlineServer.status == 0 && offlineServer.output.contains("\"transitions\""), "\(offlineServer.errors)")
        #expect(try JSONParser().parse(offlineServer.output)["owners"] == ["scheduler": "changelog", "power": "changelog", "update": "changelog"])
        let offlineEscaped = try await Self.get(["server", "rack1/s#1 x", "--from-changelog", "-b", bootstrap])
        #expect(offlineEscaped.status == 0 && offlineEscaped.output.hasPrefix("server:       rack1/s#1 x\n"), "\(offlineEscaped.errors)")
        #expect(offlineEscaped.output.contains("\nanswered by:  scheduler changelog, power changelog, update changelog\n"), "\(offlineEscaped.output)")
        #expect(try await Self.get(["server", "server-z", "--from-changelog", "-b", bootstrap]).status == 1)
        broker.terminate()
        _ = try await broker.exitStatus()
    }

    @Test("queried hard while a fleet of 60 servers runs (every instance, four queries at a time throughout), the fleet still settles as planned")
    func queriesNeverBlockProcessing() async throws {
        let scenario = FleetScenario(servers: 60, clusters: 4)
        let hammer = StatusHammer()
        var run = FleetRun(scenario: scenario)
        run.alongside = { instances in try await hammer.run(instances, servers: scenario.servers.map(\.id)) }
        let outcome = try await FleetEndToEndTests.run(run)
        let problems = FleetChecks.problems(outcome.progress.view, scenario: scenario, sequences: false)
        #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(20).joined(separator: "\n"))")
        #expect(outcome.progress.view.deadLetters == 0)
        #expect(outcome.progress.view.rejectionCount == 0, "\(FleetChecks.rejectionReport(outcome.progress.view))")
        let counts = hammer.counts.value
        print("status hammer: \(counts.total) requests while the fleet ran (\(outcome.elapsed)), statuses \(counts.statuses), failures \(counts.failures), slowest \(counts.slowest)")
        // Queried throughout, however fast the fleet settles (about 20 answers a second here;
        // a floor in requests failed once the fleet settled faster).
        let seconds = Double(outcome.elapsed.components.seconds) + Double(outcome.elapsed.components.attoseconds) / 1e18
        #expect(Double(counts.total) >= 5 * seconds && counts.total >= 20, "\(counts) in \(outcome.elapsed)")
        // 404: a server asked for before its first event; 503: a part whose owner is moving (a rebalance).
        // What counts here is that the fleet settled; the answers only need to be mostly whole.
        #expect((counts.statuses[200] ?? 0) >= counts.total / 4, "\(counts)")
        #expect(counts.statuses.keys.allSatisfy { [200, 404, 503].contains($0) }, "\(counts)")
        // Every request was answered (a failure is no answer within the 10 s timeout, or a refused
        // connection), and none came near the timeout: a query never waits for the processing
        // (2.8 s the slowest of 931 on a loaded 2-core machine).
        #expect(counts.failures == 0, "\(counts)")
        #expect(counts.slowest < .seconds(8), "\(counts)")
    }
}
