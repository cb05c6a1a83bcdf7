import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A process the benchmark starts (the broker, a role instance, the pass-through, the
/// Python baseline, an idle service), with its standard output collected line by line
/// and its CPU time and context switches read from /proc.
///
/// Its standard input is a pipe held open here: `maintenanced … --stop-on-end-of-input`
/// stops when it closes, so no child outlives a benchmark that dies.
public final class BenchmarkProcess: Sendable {
    /// What the process is, for messages.
    public let name: String
    private let process: Process
    private let stdin: Pipe
    private let output = Output()

    /// What the process wrote, shared with the threads that read its pipes, and how many of
    /// the pipes are still open.
    private final class Output: Sendable {
        let state = Mutex<(stdout: String, stderr: String, openPipes: Int)>(("", "", 2))
    }

    /// Starts `executable arguments…`.
    public init(_ name: String, executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        self.name = name
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        stdin = Pipe()
        process.standardInput = stdin
        do {
            try process.run()
        } catch {
            throw BenchmarkError("\(name): \(executable) could not be started: \(error)")
        }
        Self.readToEnd(stdout, into: output) { $0.stdout += $1 }
        Self.readToEnd(stderr, into: output) { value, text in
            value.stderr += text
            // Keep the tail only: a role logs a line per rebalance and more.
            if value.stderr.utf8.count > 200_000 { value.stderr = String(value.stderr.suffix(50_000)) }
        }
    }

    /// Reads `pipe` to its end on a thread of its own with blocking reads, adding what comes
    /// with `append`; at the end, counts the pipe closed. (`FileHandle.readabilityHandler`
    /// can miss a child's last line when it and the end of the pipe arrive together: the
    /// pass-through's one line of figures was lost so.)
    private static func readToEnd(
        _ pipe: Pipe, into output: Output, _ append: @escaping @Sendable (inout (stdout: String, stderr: String, openPipes: Int), String) -> Void
    ) {
        let handle = pipe.fileHandleForReading
        let thread = Thread {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                pending += buffer[..<count]
                // Up to the last newline: a character is never split between two reads' text.
                guard let end = pending.lastIndex(of: UInt8(ascii: "\n")) else { continue }
                let text = String(decoding: pending[...end], as: UTF8.self)
                pending.removeFirst(end + 1)
                output.state.withLock { append(&$0, text) }
            }
            output.state.withLock { value in
                append(&value, String(decoding: pending, as: UTF8.self))
                value.openPipes -= 1
            }
            withExtendedLifetime(handle) {}
        }
        thread.name = "benchmark child"
        thread.start()
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? stdin.fileHandleForWriting.close()
    }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// Whether it still runs.
    public var isRunning: Bool { process.isRunning }

    /// The complete lines written to standard output so far.
    public var lines: [String] {
        output.state.withLock { value in
            var lines = value.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines.removeLast()  // the unterminated rest
            return lines
        }
    }

    /// The last `count` characters of standard error, for error messages.
    public func stderrTail(_ count: Int = 2000) -> String { output.state.withLock { String($0.stderr.suffix(count)) } }

    /// Waits until a line of standard output satisfies `matching` and returns it; throws when
    /// the process ends first or `timeout` passes.
    public func waitForLine(_ what: String, timeout: Duration = .seconds(120), matching: (String) -> Bool) async throws -> String {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            if let line = lines.first(where: matching) { return line }
            guard process.isRunning else {
                throw BenchmarkError("\(name) ended (status \(process.terminationStatus)) before \(what): \(stderrTail())")
            }
            guard clock.now < deadline else { throw BenchmarkError("\(name): no \(what) within \(timeout): \(stderrTail())") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The value after `prefix` on the first line that starts with it (e.g. `bootstrap=`).
    public func waitForValue(_ prefix: String, timeout: Duration = .seconds(120)) async throws -> String {
        String(try await waitForLine(prefix, timeout: timeout) { $0.hasPrefix(prefix) }.dropFirst(prefix.count))
    }

    /// Waits for the process to end by itself and returns its status, once its output is read
    /// to the end (or two seconds more: a process it started may hold the pipes open).
    public func waitForExit(timeout: Duration = .seconds(600)) async throws -> Int32 {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while process.isRunning {
            guard clock.now < deadline else {
                process.terminate()
                throw BenchmarkError("\(name) did not end within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        let read = clock.now + .seconds(2)
        while output.state.withLock({ $0.openPipes > 0 }), clock.now < read {
            try await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationStatus
    }

    /// Asks the process to stop (SIGTERM and end of input) and waits up to `timeout`, then kills it.
    public func stop(timeout: Duration = .seconds(20)) async {
        guard process.isRunning else { return }
        process.terminate()
        try? stdin.fileHandleForWriting.close()
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while process.isRunning && clock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
    }

    /// CPU time the process has used so far, user and system, all threads (also those that ended), seconds.
    public var cpuSeconds: Double { ProcessUsage.cpuSeconds(pid: pid) ?? 0 }

    /// What the process's threads have done so far.
    public var usage: ProcessUsage { ProcessUsage(pid: pid) }
}
