import Foundation
import MaintenancedTesting
import Testing

/// kcat, where `scripts/setup` installed it.
private let kcat = ["/usr/bin/kcat", "/usr/local/bin/kcat"].first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite("Interoperability with kcat", .timeLimit(.minutes(1)), .enabled(if: kcat != nil, "kcat is not installed"))
struct KcatInteropTests {
    @Test("kcat produces to the embedded broker of another process, and maintenanced reads it back with key and headers")
    func kcatToMaintenanced() async throws {
        let broker = try ChildProcess("broker", ["broker", "--stop-on-end-of-input", "--topic", "interop:2"])
        try await waitUntil("the broker's bootstrap line") { broker.lines.first?.hasPrefix("bootstrap=") == true }
        let bootstrap = String(broker.lines[0].dropFirst("bootstrap=".count))

        let producer = try ChildProcess(
            "kcat", ["-b", bootstrap, "-t", "interop", "-P", "-K:", "-H", "ce_type=server.ready", "-l", "/dev/stdin"],
            executable: URL(fileURLWithPath: kcat!), input: "server-1:{\"up\":true}\nserver-2:{\"up\":false}\n")
        #expect(try await producer.exitStatus() == 0)

        let consumer = try ChildProcess("consume", ["kafka", "consume", "--stop-on-end-of-input", "--brokers", bootstrap, "--topic", "interop", "--count", "2"])
        #expect(try await consumer.exitStatus() == 0)
        let lines = consumer.lines.sorted()
        #expect(lines.count == 2)
        #expect(lines.first?.contains(#""key":"server-1","headers":[{"key":"ce_type","value":"server.ready"}],"value":"{\"up\":true}""#) == true)
        // With --stop-on-end-of-input the broker stops when its supervisor's pipe closes.
        try broker.closeInput()
        #expect(try await broker.exitStatus() == 0)
        #expect(broker.standardError.contains("stopping on end of standard input"))
    }
}
