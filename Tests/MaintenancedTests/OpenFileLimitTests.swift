import Foundation
import MaintenancedTesting
import Testing

/// The embedded broker in a process whose open-file limit is low: the limit a machine starts
/// with (soft 1024 under a high hard limit) is raised; one too low to open its listeners ends
/// the command with the reason, not librdkafka's abort.
@Suite("maintenanced broker under a low open-file limit", .timeLimit(.minutes(2)))
struct OpenFileLimitTests {
    /// `maintenanced broker` run by a shell that first sets the limit with `ulimit`.
    static func broker(limit: String) throws -> ChildProcess {
        try ChildProcess(
            "broker", ["-c", "ulimit \(limit) && exec \"$0\" broker --stop-on-end-of-input", ChildProcess.executable.path],
            executable: URL(fileURLWithPath: "/bin/sh"))
    }

    /// The soft and hard "Max open files" of process `pid`, from /proc/PID/limits.
    static func openFileLimits(of pid: Int32) throws -> (soft: String, hard: String) {
        let limits = try String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)
        let line = try #require(limits.split(separator: "\n").first { $0.hasPrefix("Max open files") })
        let fields = line.dropFirst("Max open files".count).split(separator: " ")
        return (String(fields[0]), String(fields[1]))
    }

    @Test("a soft limit of 256 under a higher hard limit is raised to the hard limit when the broker starts")
    func softLimitRaised() async throws {
        let hard = try Self.openFileLimits(of: getpid()).hard
        try #require(hard == "unlimited" || (Int(hard) ?? 0) > 256, "the hard limit here (\(hard)) leaves nothing to raise")
        let broker = try Self.broker(limit: "-Sn 256")
        try await waitUntil("the broker's bootstrap line") { broker.lines.first?.hasPrefix("bootstrap=") == true || !broker.isRunning }
        #expect(broker.lines.first?.hasPrefix("bootstrap=") == true, "\(broker.standardErrorForReport())")
        let limits = try Self.openFileLimits(of: broker.pid)
        #expect(limits.soft == hard && limits.hard == hard)
        #expect(broker.standardError.contains("raised the process's open-file limit for the embedded cluster"))
        #expect(broker.standardError.contains("limit.before=256"))
        try broker.closeInput()
        #expect(try await broker.exitStatus() == 0)
    }

    @Test("a hard limit of 16 leaves too few descriptors for the listeners: exit 1 with the reason, no abort")
    func tooFewDescriptors() async throws {
        let broker = try Self.broker(limit: "-n 16")
        let status = try await broker.exitStatus()
        #expect(!broker.endedBySignal, "\(broker.standardErrorForReport())")
        #expect(status == 1)
        #expect(broker.standardError.contains("too few file descriptors for an embedded cluster of 1 broker(s)"), "\(broker.standardError)")
        #expect(broker.standardError.contains("of the process's limit of 16 are open (hard limit 16)"))
        #expect(!broker.lines.contains { $0.hasPrefix("bootstrap=") })
    }
}
