import Foundation
import MaintenancedTesting

/// The service at rest: how much CPU it uses and how often its threads wake when no event
/// flows. Two processes, each measured alone:
/// - `maintenanced run` on its embedded broker (every role, the broker, the HTTP service),
///   from `settle` seconds after it is listening;
/// - `maintenanced demo --linger …` from `settle` seconds after its fleet settled (the
///   roles, the broker, the status page; the simulator has finished).
/// CPU comes from /proc/PID/stat (every thread, ended ones included), wake-ups are the
/// voluntary and involuntary context switches of each thread (/proc/PID/task/*/status).
public enum IdleBenchmark {
    /// Measures `maintenanced run` at rest for `seconds`.
    public static func measureRun(maintenanced: String, settle: Double, seconds: Double) async throws -> ActivityRate {
        let process = try ChildProcess.benchmark("maintenanced run (idle)", executable: maintenanced, ["run", "--http-port", "0", "--stop-on-end-of-input"])
        return try await measure(process, settle: settle, seconds: seconds) { _ = try await process.waitForValue("http=") }
    }

    /// Measures `maintenanced demo` of `servers` servers at `speed` for `seconds` once it settled.
    public static func measureDemo(maintenanced: String, servers: Int, speed: Double, settle: Double, seconds: Double) async throws -> ActivityRate {
        let process = try ChildProcess.benchmark(
            "maintenanced demo (idle)", executable: maintenanced,
            [
                "demo", "--servers", String(servers), "--speed", String(speed), "--linger", String(settle + seconds + 60), "--plain", "--interval", "3600",
                "--stop-on-end-of-input",
            ])
        return try await measure(process, settle: settle, seconds: seconds) {
            _ = try await process.waitForLine("the settled fleet (`settled: lingering`)", timeout: .seconds(1800)) { $0.hasPrefix("settled: lingering") }
        }
    }

    /// Once `ready` returned, waits `settle` seconds, then looks at `process` twice, `seconds`
    /// apart; stops the process in the end, also when anything failed.
    static func measure(
        _ process: ChildProcess, settle: Double, seconds: Double, after ready: () async throws -> Void
    ) async throws -> ActivityRate {
        do {
            try await ready()
            let rate = try await measure(process, settle: settle, seconds: seconds)
            await process.stop()
            return rate
        } catch {
            await process.stop()
            throw error
        }
    }

    /// Waits `settle` seconds, then looks at `process` twice, `seconds` apart.
    static func measure(_ process: ChildProcess, settle: Double, seconds: Double) async throws -> ActivityRate {
        try await Task.sleep(for: .milliseconds(Int(settle * 1000)))
        let before = process.usage
        try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        let after = process.usage
        guard process.isRunning else { throw BenchmarkError("\(process.name) ended while measured: \(process.standardErrorTail())") }
        return ActivityRate(from: before, to: after)
    }
}
