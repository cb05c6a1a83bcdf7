import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Catches SIGTERM and SIGINT from the moment it is created, for graceful shutdown.
///
/// The signals' default action (ending the process at once) is replaced by dispatch
/// sources, so a command can stop fetching, finish, commit and leave its group first.
/// Optionally the end of standard input counts as a request to stop too (reported as
/// signal 0): a supervisor that holds a pipe to the process stops it by exiting, even
/// when it dies without sending a signal.
final class ShutdownSignals: @unchecked Sendable {
    private let sources: [any DispatchSourceProtocol]
    private let state = Mutex(State())

    private struct State {
        var received: Int32?
        var waiter: CheckedContinuation<Int32?, Never>?
        var cancelled = false
    }

    /// Starts catching the signals, and watching standard input for its end when `stopOnEndOfInput`.
    init(_ signals: [Int32] = [SIGTERM, SIGINT], stopOnEndOfInput: Bool = false) {
        let signalSources = signals.map { number in
            signal(number, SIG_IGN)
            return DispatchSource.makeSignalSource(signal: number, queue: .global())
        }
        let input = stopOnEndOfInput ? DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .global()) : nil
        sources = signalSources + (input.map { [$0] } ?? [])
        for (source, number) in zip(signalSources, signals) {
            source.setEventHandler { [weak self] in self?.deliver(number) }
            source.resume()
        }
        if let input {
            input.setEventHandler { [weak self] in
                var buffer = [UInt8](repeating: 0, count: 512)
                let count = read(STDIN_FILENO, &buffer, buffer.count)
                if count <= 0 {
                    input.cancel()
                    self?.deliver(0)
                }
            }
            input.resume()
        }
    }

    private func deliver(_ number: Int32) {
        let waiter = state.withLock { state in
            if state.received == nil { state.received = number }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: number)
    }

    deinit {
        sources.forEach { $0.cancel() }
    }

    /// The first signal received, if any (0: standard input closed).
    var received: Int32? { state.withLock { $0.received } }

    /// Why the process stops, for its log: `SIGTERM`, `SIGINT`, `end of standard input`.
    static func describe(_ signal: Int32?) -> String {
        switch signal {
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        case 0: "end of standard input"
        case let other?: "signal \(other)"
        case nil: "cancellation"
        }
    }

    /// Waits for a signal and returns it; returns `nil` once the task is cancelled. One waiter at a time.
    func wait() async -> Int32? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow: Int32?? = state.withLock { state in
                    if let received = state.received { return .some(received) }
                    if state.cancelled { return .some(nil) }
                    state.waiter = continuation
                    return nil
                }
                if let resumeNow { continuation.resume(returning: resumeNow) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                state.cancelled = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }
}
