import Foundation
import MaintenancedTesting
import Testing

/// The status page in a real browser: headless Chromium loads `/` of a running service
/// with stuck servers, and the DOM it built shows them with their waits, as the API does.
@Suite("the status page in headless Chromium", .timeLimit(.minutes(3)))
struct StatusPageBrowserTests {
    /// Debian's chromium, if installed.
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let servers = ["server-1", "server-2", "server-3"]

    /// Runs chromium headless with `arguments`; its standard output.
    static func browse(_ arguments: [String]) async throws -> String {
        let child = try ChildProcess(
            "chromium", ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1400,1100"] + arguments,
            executable: URL(fileURLWithPath: chromium!))
        let status = try await child.exitStatus(timeout: .seconds(90))
        #expect(status == 0, "chromium exited \(status): \(child.standardError.suffix(2000))")
        return child.lines.joined(separator: "\n")
    }

    @Test(
        "Chromium's DOM of / lists the stuck servers with the waits the API gives, and a screenshot is taken",
        .enabled(if: chromium != nil, "chromium is not installed (apt-get install chromium; scripts/setup does): browser test skipped"))
    func pageInChromium() async throws {
        let service = try ChildProcess(
            "run", ["run", "--stop-on-end-of-input", "--http-port", "0", "--advertise-host", "127.0.0.1", "--tick-interval-ms", "500", "--topics-dir", RepositoryFiles.topicsDirectory])
        defer { service.terminate() }
        try await waitUntil("the bootstrap and http lines", timeout: .seconds(60)) { StatusProbe.port(of: service) != nil }
        let bootstrap = String(try #require(service.lines.first { $0.hasPrefix("bootstrap=") }).dropFirst("bootstrap=".count))
        let url = "http://127.0.0.1:\(try #require(StatusProbe.port(of: service)))"
        for (index, server) in Self.servers.enumerated() {
            let request = try ChildProcess(
                "request", ["request", "maintenance", "-b", bootstrap, "--server", server, "--type", ["BIOSUpdate", "FirmwareUpdate", "Cleanup"][index], "--policy", "enforced"])
            #expect(try await request.exitStatus() == 0, "\(request.standardError)")
        }
        var api: [String: [String]] = [:]
        try await waitUntil("the API lists the servers stuck with two waits each", timeout: .seconds(60), interval: .milliseconds(200)) {
            api = StatusProbe.waits(ofServers: try await StatusProbe.json(url + "/v1/servers?stuck=true&stuckAfter=1s"))
            return Set(api.keys) == Set(Self.servers) && api.values.allSatisfy { $0.count == 2 }
        }
        let dom = try await Self.browse(["--dump-dom", url + "/?stuckAfter=1s"])
        #expect(dom.contains("<h2 id=\"stuck\">Stuck servers (3)</h2>"), "\(dom.prefix(3000))")
        #expect(StatusProbe.stuckWaits(onPage: dom) == api, "DOM \(StatusProbe.stuckWaits(onPage: dom))\nAPI \(api)")
        #expect(dom.contains("the BMC's graceful power off"))

        let screenshot = ProcessInfo.processInfo.environment["STATUS_PAGE_SCREENSHOT"]
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("status-page-\(UUID().uuidString).png").path
        _ = try await Self.browse(["--screenshot=\(screenshot)", url + "/?stuckAfter=1s"])
        let size = (try FileManager.default.attributesOfItem(atPath: screenshot)[.size] as? Int) ?? 0
        #expect(size > 10_000, "screenshot \(screenshot): \(size) bytes")
        service.terminate()
        #expect(try await service.exitStatus(timeout: .seconds(60)) == 0)
    }
}
