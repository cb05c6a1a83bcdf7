import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A process started by a test (by default the built `maintenanced`), with its output collected
/// as it comes. Waiting for it to end never blocks a thread of the cooperative pool: it has as
/// many threads as cores, and a blocked one starves every other test.
///
/// A child holds no other child's pipes. Foundation's `Process.run()` closes in the child only
/// the descriptors open when it lists /proc/self/fd, and its pipes and the socket pair by which
/// it learns of the child's end are not close-on-exec: a child spawned by another test at that
/// moment would keep this one's standard input open (so it never sees its end), its output's
/// write ends (so its reader never sees EOF) and its socket (so its end is never noticed). Our
/// pipes are therefore close-on-exec, and one child is spawned at a time (`spawning`).
///
/// The output is read by a thread per pipe (not the cooperative pool's) with blocking reads to
/// the end: `FileHandle.readabilityHandler` sometimes misses the end of a pipe whose last bytes
/// and end arrive together, and the pipe then looked open until `exitStatus`'s bound.
public final class ChildProcess: Sendable {
    private let process: Process
    private let stdin: Pipe
    private let shared: Shared
    /// The name the test gives the process, for messages and log files.
    public let name: String

    /// The state the pipes' and the termination's handlers share with the object.
    private final class Shared: Sendable {
        let state = Mutex(State())
        let standardErrorLimit: Int?

        init(standardErrorLimit: Int?) { self.standardErrorLimit = standardErrorLimit }
    }

    /// What the process wrote, whether it has ended and closed its output, and who waits for its end.
    private struct State {
        var stdout = ""
        var stderr = ""
        /// The bytes of a character split between two reads, per pipe.
        var pending: [Output: [UInt8]] = [:]
        var terminated = false
        var openPipes = 2
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
        /// Signals to send once standard error contains their text (`signal(_:whenStandardErrorContains:)`).
        var triggers: [(signal: Int32, text: String)] = []
        /// The child's process id, once it runs.
        var pid: pid_t = 0

        /// Sends each trigger's signal whose text standard error now contains, and forgets it.
        mutating func fireTriggers() {
            guard !triggers.isEmpty else { return }
            let (pid, stderr) = (self.pid, self.stderr)
            triggers.removeAll { trigger in
                guard stderr.contains(trigger.text) else { return false }
                Glibc.kill(pid, trigger.signal)
                return true
            }
        }
    }

    /// The built `maintenanced` executable, next to the test bundle in the build folder.
    public static var executable: URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return testBinary.deletingLastPathComponent().appendingPathComponent("maintenanced")
    }

    /// Starts `maintenanced arguments…`, or another program when `executable` is given, with `input` on its
    /// standard input, in `directory` (default: the test's working directory), with `environment` (default:
    /// the test's). Standard input stays open until `closeInput()` or `input` is written. With
    /// `standardErrorLimit`, standard error keeps only its last quarter of that many bytes once
    /// it grows past it (a long benchmark's role logs on and on).
    public init(
        _ name: String, _ arguments: [String], executable: URL = ChildProcess.executable, input: String? = nil,
        environment: [String: String]? = nil, directory: URL? = nil, standardErrorLimit: Int? = nil
    ) throws {
        self.name = name
        let process = Process()
        self.process = process
        let shared = Shared(standardErrorLimit: standardErrorLimit)
        self.shared = shared
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        process.terminationHandler = { [shared] _ in
            let waiters = shared.state.withLock { state in
                state.terminated = true
                defer { state.waiters = [:] }
                return Array(state.waiters.values)
            }
            for waiter in waiters { waiter.resume() }
        }
        // One spawn at a time, with pipes no other child can inherit (see the type's comment).
        // Standard input is a pipe this object holds open: `maintenanced … --stop-on-end-of-input`
        // stops when it closes, so children never outlive a test process that dies.
        stdin = try ChildProcess.spawning.withLock { _ in
            let pipes = (Pipe(), Pipe(), Pipe())
            for pipe in [pipes.0, pipes.1, pipes.2] {
                ChildProcess.closeOnExec(pipe.fileHandleForReading)
                ChildProcess.closeOnExec(pipe.fileHandleForWriting)
            }
            process.standardInput = pipes.0
            process.standardOutput = pipes.1
            process.standardError = pipes.2
            try process.run()
            shared.state.withLock { $0.pid = process.processIdentifier }
            ChildProcess.readToEnd(pipes.1, .standardOutput, into: shared)
            ChildProcess.readToEnd(pipes.2, .standardError, into: shared)
            return pipes.0
        }
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
    }

    /// Held while a child is spawned, so that no other child is spawned between the creation of
    /// its pipes (and Foundation's socket pair) and its start.
    private static let spawning = Mutex(())

    /// Sets FD_CLOEXEC on `handle`'s descriptor: a child gets the pipe only where its spawn
    /// duplicates it onto 0, 1 or 2 (which clears the flag).
    private static func closeOnExec(_ handle: FileHandle) {
        let descriptor = handle.fileDescriptor
        _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
    }

    /// The child's standard output or error.
    private enum Output { case standardOutput, standardError }

    /// Reads `pipe` to its end on a thread of its own, appending to the output's text as it
    /// comes; at the end, counts the pipe closed.
    private static func readToEnd(_ pipe: Pipe, _ output: Output, into shared: Shared) {
        let handle = pipe.fileHandleForReading
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(handle.fileDescriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                shared.state.withLock { state in
                    var bytes = state.pending[output, default: []] + buffer[..<count]
                    // Keep an incomplete UTF-8 sequence at the end for the next read.
                    let complete = completeUTF8Prefix(bytes)
                    let text = String(decoding: bytes[..<complete], as: UTF8.self)
                    bytes.removeFirst(complete)
                    state.pending[output] = bytes
                    switch output {
                    case .standardOutput: state.stdout += text
                    case .standardError:
                        state.stderr += text
                        state.fireTriggers()
                        if let limit = shared.standardErrorLimit, state.stderr.utf8.count > limit {
                            state.stderr = String(state.stderr.suffix(limit / 4))
                        }
                    }
                }
            }
            shared.state.withLock { $0.openPipes -= 1 }
            withExtendedLifetime(handle) {}
        }
        thread.name = "ChildProcess output"
        thread.start()
    }

    /// The length of `bytes` without a UTF-8 sequence cut off at its end.
    private static func completeUTF8Prefix(_ bytes: [UInt8]) -> Int {
        // A sequence starts at most three bytes back: find its lead byte and its length.
        for back in stride(from: 1, through: min(3, bytes.count), by: 1) {
            let byte = bytes[bytes.count - back]
            guard byte & 0b1100_0000 == 0b1000_0000 else {
                let length = byte >= 0b1111_0000 ? 4 : byte >= 0b1110_0000 ? 3 : byte >= 0b1100_0000 ? 2 : 1
                return length > back ? bytes.count - back : bytes.count
            }
        }
        return bytes.count
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? closeInput()
    }

    /// Runs `executable arguments…` to its end with an empty standard input and returns its exit
    /// status and output, failing with `TimedOut` after `timeout` (the process is then killed).
    public static func run(
        _ arguments: [String], executable: URL = ChildProcess.executable, environment: [String: String]? = nil,
        in directory: URL? = nil, timeout: Duration = .seconds(60)
    ) async throws -> (status: Int32, output: String, errors: String) {
        let child = try ChildProcess(executable.lastPathComponent, arguments, executable: executable, input: "", environment: environment, directory: directory)
        let status = try await child.exitStatus(timeout: timeout, stop: child.kill)
        return (status, child.standardOutput, child.standardError)
    }

    /// The complete lines written to standard output so far.
    public var lines: [String] {
        shared.state.withLock { output in
            output.stdout.split(separator: "\n", omittingEmptySubsequences: true).dropLast(output.stdout.hasSuffix("\n") ? 0 : 1).map(String.init)
        }
    }

    /// Everything written to standard output so far.
    public var standardOutput: String { shared.state.withLock { $0.stdout } }

    /// Everything written to standard error so far.
    public var standardError: String { shared.state.withLock { $0.stderr } }

    /// What a failure report should show of standard error: a crash's message and the crashed
    /// thread's frames when the child crashed (the runtime prints them before every other
    /// thread, so the tail alone misses them), then the last `limit` characters.
    public func standardErrorForReport(limit: Int = 3000) -> String {
        let text = standardError
        guard let crash = text.range(of: "Fatal error:") ?? text.range(of: "Program crashed") else { return String(text.suffix(limit)) }
        let report = text[crash.lowerBound...]
        guard report.count > 2 * limit else { return String(report) }
        return report.prefix(limit) + "\n  …\n" + text.suffix(limit)
    }

    /// Closes the child's standard input, as happens when the test process dies.
    public func closeInput() throws {
        try stdin.fileHandleForWriting.close()
    }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// Sends SIGTERM, as an orchestrator does on shutdown.
    public func terminate() { process.terminate() }

    /// Sends SIGINT, as Ctrl-C in a terminal does.
    public func interrupt() { Glibc.kill(process.processIdentifier, SIGINT) }

    /// Whether the child's standard output and error have both reached their end: it, and
    /// whatever it started, closed them.
    public var outputEnded: Bool { shared.state.withLock { $0.openPipes == 0 } }

    /// Whether the process is still running.
    public var isRunning: Bool { process.isRunning }

    /// Sends SIGKILL: the process dies at once, with no chance to finish or commit.
    public func kill() { Glibc.kill(process.processIdentifier, SIGKILL) }

    /// Sends `signal` as soon as standard error contains `text` (at once if it does already),
    /// from the thread that reads the output: a test's own reaction runs on the cooperative
    /// pool, which CPU-bound tests can hold for many seconds, longer than the moment the
    /// child's output announces may last (a graceful stop that ends by itself).
    public func signal(_ signal: Int32, whenStandardErrorContains text: String) {
        shared.state.withLock { state in
            state.triggers.append((signal, text))
            state.fireTriggers()
        }
    }

    /// Whether the process ended by a signal rather than by exiting; `exitStatus` is
    /// then the signal's number. Meaningful once the process has ended.
    public var endedBySignal: Bool { !process.isRunning && process.terminationReason == .uncaughtSignal }

    /// The exit status (or the signal's number), nil while the process runs.
    public var status: Int32? { process.isRunning ? nil : process.terminationStatus }

    /// Waits, without blocking a thread, for the process to end (up to `timeout`) and returns its exit status,
    /// once its output is read to the end (or after two more seconds: a grandchild may hold the pipes open).
    /// On timeout it `stop`s the process (default: SIGINT) and throws `TimedOut`.
    public func exitStatus(timeout: Duration = .seconds(30), stop: (@Sendable () -> Void)? = nil) async throws -> Int32 {
        let ended = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.terminated()
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            let first = try await group.next() ?? false
            group.cancelAll()
            return first
        }
        guard ended else {
            let pipes = shared.state.withLock { $0.openPipes }
            if let stop { stop() } else { process.interrupt() }
            throw TimedOut("\(name) to end (running: \(process.isRunning), open pipes: \(pipes))")
        }
        let deadline = ContinuousClock.now + .seconds(2)
        while shared.state.withLock({ $0.openPipes > 0 }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationStatus
    }

    /// Returns once the process has ended, or the task is cancelled.
    private func terminated() async {
        let id = shared.state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = shared.state.withLock { state in
                    guard !state.terminated, !Task.isCancelled else { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            shared.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}

/// Writes each child's whole standard error to `<directory>/<name>.log`, for reading after
/// a run (a fleet run keeps them when RELIABILITY_SOAK_LOGS names a directory).
public func saveLogs(of children: [ChildProcess], to directory: String) {
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for child in children {
        try? child.standardError.write(toFile: "\(directory)/\(child.name).log", atomically: true, encoding: .utf8)
    }
}
