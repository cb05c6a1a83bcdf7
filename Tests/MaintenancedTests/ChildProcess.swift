import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A `maintenanced` process started by a test, with its output collected line by line.
final class ChildProcess: Sendable {
    private let process: Process
    private let output = CapturedOutput()
    private let stdin: Pipe
    let name: String

    /// The built `maintenanced` executable, next to the test bundle in the build folder.
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("maintenanced")
    }

    /// Starts `maintenanced arguments…`, or another program when `executable` is given, with `input` on its
    /// standard input, in `directory` (default: the test's working directory).
    init(_ name: String, _ arguments: [String], executable: URL = ChildProcess.executable, input: String? = nil, directory: URL? = nil)
        throws
    {
        self.name = name
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        stdout.fileHandleForReading.readabilityHandler = { [output] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            output.state.withLock { $0.stdout += text }
        }
        stderr.fileHandleForReading.readabilityHandler = { [output] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            output.state.withLock { $0.stderr += text }
        }
        // Standard input is a pipe this object holds open: `maintenanced … --stop-on-end-of-input`
        // stops when it closes, so children never outlive a test process that dies.
        let stdin = Pipe()
        self.stdin = stdin
        process.standardInput = stdin
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? closeInput()
    }

    /// The complete lines written to standard output so far.
    var lines: [String] {
        output.state.withLock { output in
            output.stdout.split(separator: "\n", omittingEmptySubsequences: true).dropLast(output.stdout.hasSuffix("\n") ? 0 : 1).map(String.init)
        }
    }

    /// Everything written to standard error so far.
    var standardError: String { output.state.withLock { $0.stderr } }

    /// Closes the child's standard input, as happens when the test process dies.
    func closeInput() throws {
        try stdin.fileHandleForWriting.close()
    }

    /// Sends SIGTERM, as an orchestrator does on shutdown.
    func terminate() { process.terminate() }

    /// Whether the process is still running.
    var isRunning: Bool { process.isRunning }

    /// Sends SIGKILL: the process dies at once, with no chance to finish or commit.
    func kill() { Glibc.kill(process.processIdentifier, SIGKILL) }

    /// Whether the process ended by a signal rather than by exiting; `exitStatus` is
    /// then the signal's number. Meaningful once the process has ended.
    var endedBySignal: Bool { !process.isRunning && process.terminationReason == .uncaughtSignal }

    /// The exit status (or the signal's number), nil while the process runs.
    var status: Int32? { process.isRunning ? nil : process.terminationStatus }

    /// Waits for the process to end (up to `timeout`) and returns its exit status.
    func exitStatus(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                process.interrupt()
                throw ChildProcessError.timedOut(name)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return process.terminationStatus
    }
}

/// Writes each child's whole standard error to `<directory>/<name>.log`, for reading after
/// a run (a fleet run keeps them when RELIABILITY_SOAK_LOGS names a directory).
func saveLogs(of children: [ChildProcess], to directory: String) {
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for child in children {
        try? child.standardError.write(toFile: "\(directory)/\(child.name).log", atomically: true, encoding: .utf8)
    }
}

/// Polls `condition` every 50 ms until it holds, failing after `timeout`.
func waitUntil(_ what: String, timeout: Duration = .seconds(40), _ condition: () -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        guard ContinuousClock.now < deadline else { throw ChildProcessError.timedOut(what) }
        try await Task.sleep(for: .milliseconds(50))
    }
}
