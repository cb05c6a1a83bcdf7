import Foundation
import MaintenancedTesting

#if canImport(Glibc)
import Glibc
#endif

/// What the benchmark asks of the processes it starts (the broker, a role instance, the
/// pass-through, the Python baseline, an idle service): their CPU time and threads from /proc,
/// a line of theirs waited for, and a stop that ends in a kill.
extension ChildProcess {
    /// Starts `executable arguments…` for the benchmark: standard error keeps its tail only
    /// (a role logs a line per rebalance and more), and standard input stays open, so that
    /// `maintenanced … --stop-on-end-of-input` stops when the benchmark dies.
    static func benchmark(_ name: String, executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ChildProcess {
        do {
            return try ChildProcess(name, arguments, executable: URL(fileURLWithPath: executable), environment: environment, standardErrorLimit: 200_000)
        } catch {
            throw BenchmarkError("\(name): \(executable) could not be started: \(error)")
        }
    }

    /// CPU time the process has used so far, user and system, all threads (also those that ended), seconds.
    var cpuSeconds: Double { ProcessUsage.cpuSeconds(pid: pid) ?? 0 }

    /// What the process's threads have done so far.
    var usage: ProcessUsage { ProcessUsage(pid: pid) }

    /// The last `count` characters of standard error, for error messages.
    func standardErrorTail(_ count: Int = 2000) -> String { String(standardError.suffix(count)) }

    /// Waits until a line of standard output satisfies `matching` and returns it; throws when
    /// the process ends first or `timeout` passes.
    func waitForLine(_ what: String, timeout: Duration = .seconds(120), matching: (String) -> Bool) async throws -> String {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            if let line = lines.first(where: matching) { return line }
            guard isRunning else {
                throw BenchmarkError("\(name) ended (status \(status ?? -1)) before \(what): \(standardErrorTail())")
            }
            guard clock.now < deadline else { throw BenchmarkError("\(name): no \(what) within \(timeout): \(standardErrorTail())") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The value after `prefix` on the first line that starts with it (e.g. `bootstrap=`).
    func waitForValue(_ prefix: String, timeout: Duration = .seconds(120)) async throws -> String {
        String(try await waitForLine(prefix, timeout: timeout) { $0.hasPrefix(prefix) }.dropFirst(prefix.count))
    }

    /// Waits for the process to end by itself (SIGTERM after `timeout`) and returns its status,
    /// once its output is read to the end.
    func waitForExit(timeout: Duration = .seconds(600)) async throws -> Int32 {
        try await exitStatus(timeout: timeout, stop: terminate)
    }

    /// Asks the process to stop (SIGTERM and end of input) and waits up to `timeout`, then kills it.
    func stop(timeout: Duration = .seconds(20)) async {
        guard isRunning else { return }
        terminate()
        try? closeInput()
        if (try? await exitStatus(timeout: timeout, stop: kill)) == nil {
            while isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        }
    }
}
