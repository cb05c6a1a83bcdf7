import Events
import FleetSimulator
import Foundation
import MaintenancedTesting
import Testing

@Suite("maintenanced demo", .timeLimit(.minutes(10)))
struct DemoCommandTests {
    /// The fleet the test runs: smaller than the default 200, at the default speed (realistic
    /// delays, the roles' default timeouts), so that a server waiting for a report that cannot
    /// come stays stuck and fails the test instead of timing out quickly.
    static let servers = 60
    static let clusters = 4

    @Test("at the default speed, without a terminal, it prints plain progress lines and a summary: every server up to date, nothing stuck, nothing failed unplanned")
    func plainRun() async throws {
        let demo = try ChildProcess(
            "demo",
            [
                "demo", "--servers", String(Self.servers), "--clusters", String(Self.clusters), "--interval", "2", "--duration", "5m",
                "--topics-dir", RepositoryFiles.topicsDirectory, "--stop-on-end-of-input",
            ])
        // While it runs: the status page and `get` answer, and agree on the stuck servers and their waits.
        try await waitUntil("the status line", timeout: .seconds(60)) { demo.lines.contains { $0.hasPrefix("status=") } }
        let page = String(try #require(demo.lines.first { $0.hasPrefix("status=") }).dropFirst("status=".count))
        #expect(page.hasPrefix("http://127.0.0.1:") && page.hasSuffix("/"))
        #expect(demo.lines.contains { $0.contains("maintenanced get servers --stuck --server \(page.dropLast())") && $0.contains("kcat -b") })
        let get = try await StatusAPITests.get(["servers", "--stuck", "-o", "json", "--server", String(page.dropLast())])
        #expect(get.status == 0, "\(get.errors)")
        let html = try await StatusProbe.get(page)
        #expect(html.status == 200 && html.body.contains("Fleet by state"))
        #expect(StatusProbe.waits(ofServers: try JSONParser().parse(get.output)) == StatusProbe.stuckWaits(onPage: html.body))
        // One instance answers for everything: every owner the API names is its address (HOST:PORT, as peers would see it).
        let address = String(page.dropFirst("http://".count).dropLast())
        // (A cluster has a rollout from its first member's slot request on, and keeps it.)
        let rollouts = Shared<Set<String>>([])
        try await waitUntil("a cluster has a rollout", timeout: .seconds(120), interval: .milliseconds(500)) {
            let ids = (try await StatusProbe.json(page + "v1/clusters"))["clusters"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            rollouts.update { $0 = Set(ids) }
            return !ids.isEmpty
        }
        let clusters = try await StatusAPITests.get(["clusters", "-o", "json", "--server", address])
        #expect(clusters.status == 0, "\(clusters.errors)")
        let listed = try JSONParser().parse(clusters.output)["clusters"]?.arrayValue ?? []
        let listedIDs = Set(listed.compactMap { $0["id"]?.stringValue })
        #expect(listedIDs.isSuperset(of: rollouts.value), "\(clusters.output)")
        #expect(listed.map { $0["owner"]?.stringValue } == Array(repeating: address, count: listed.count), "\(clusters.output)")
        let servers = try await StatusProbe.json(page + "v1/servers?limit=1000")
        let serverOwners = Set((servers["servers"]?.arrayValue ?? []).flatMap { ($0["owners"]?.objectValue?.members ?? []).map { "\($0.key)=\($0.value.stringValue ?? "?")" } })
        #expect(serverOwners == ["scheduler=\(address)", "power=\(address)", "update=\(address)"], "\(serverOwners)")
        let status = try await demo.exitStatus(timeout: .seconds(400))
        let lines = demo.lines
        let output = lines.joined(separator: "\n")
        #expect(status == 0, "demo exited \(status):\n\(output.suffix(3000))\n\(demo.standardError.suffix(3000))")
        #expect(lines.first?.hasPrefix("bootstrap=127.0.0.1:") == true)
        #expect(lines.contains { $0.contains("] servers done ") && $0.contains(" transitions=") }, "no progress line")
        #expect(!output.contains("\u{1B}["), "terminal escapes written to a pipe")
        #expect(lines.contains("  finished:             \(Self.servers)/\(Self.servers) up to date and out of maintenance"), "\(output.suffix(2000))")
        #expect(lines.contains("  stuck:                0"))
        #expect(lines.contains("  unexpected failures:  0"))
        #expect(lines.contains("  update cycles:        \(Self.servers) completed"))
        #expect(lines.contains { $0.hasPrefix("  transitions:") && $0.hasSuffix(", 0 rejected, 0 dead letters") })
        #expect(lines.contains { $0.hasPrefix("  elapsed:              ") }, "the summary says how long it took")
        // The maintenances the standard fleet makes fail, reported as such.
        let planned = FleetScenario(servers: Self.servers, clusters: Self.clusters).servers
            .flatMap(\.maintenances).filter { $0.outcome == .fail }.count
        #expect(planned > 0)
        #expect(lines.contains { $0.contains("failed \(planned) (\(planned) made to fail by the simulator)") && $0.contains("still queued 0, active 0") })
        #expect(lines.last == "result: every server up to date and out of maintenance; nothing failed that the simulator did not make fail")
    }
}
