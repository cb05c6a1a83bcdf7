import Foundation
import Testing

@Suite("maintenanced demo", .timeLimit(.minutes(10)))
struct DemoCommandTests {
    @Test("without a terminal it prints plain progress lines and a summary: every server up to date, nothing stuck, nothing failed unplanned")
    func plainRun() async throws {
        let demo = try ChildProcess(
            "demo",
            [
                "demo", "--servers", "200", "--clusters", "8", "--speed", "50", "--interval", "2", "--duration", "6m",
                "--topics-dir", TopicsCommandTests.topicsDirectory, "--stop-on-end-of-input",
            ])
        let status = try await demo.exitStatus(timeout: .seconds(400))
        let lines = demo.lines
        let output = lines.joined(separator: "\n")
        #expect(status == 0, "demo exited \(status):\n\(output.suffix(3000))\n\(demo.standardError.suffix(3000))")
        #expect(lines.first?.hasPrefix("bootstrap=127.0.0.1:") == true)
        #expect(lines.contains { $0.contains("] finished ") && $0.contains(" transitions=") }, "no progress line")
        #expect(!output.contains("\u{1B}["), "terminal escapes written to a pipe")
        #expect(lines.contains("  finished:             200/200 up to date and out of maintenance"), "\(output.suffix(2000))")
        #expect(lines.contains("  stuck:                0"))
        #expect(lines.contains("  unexpected failures:  0"))
        #expect(lines.contains("  update cycles:        200 completed"))
        #expect(lines.contains { $0.hasPrefix("  transitions:") && $0.hasSuffix(", 0 rejected, 0 dead letters") })
        // The standard fleet of 200 has 4 maintenances the simulator makes fail, and reports them as such.
        #expect(lines.contains { $0.contains("failed 4 (4 made to fail by the simulator)") && $0.contains("still queued 0, active 0") })
        #expect(lines.last == "result: every server up to date and out of maintenance; nothing failed that the simulator did not make fail")
    }
}
