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
final class ShutdownSignals: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]
    private let state = Mutex(State())

    private struct State {
        var received: Int32?
        var waiter: CheckedContinuation<Int32?, Never>?
        var cancelled = false
    }

    /// Starts catching the signals.
    init(_ signals: [Int32] = [SIGTERM, SIGINT]) {
        sources = signals.map { number in
            signal(number, SIG_IGN)
            return DispatchSource.makeSignalSource(signal: number, queue: .global())
        }
        for (source, number) in zip(sources, signals) {
            source.setEventHandler { [weak self] in self?.deliver(number) }
            source.resume()
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

    /// The first signal received, if any.
    var received: Int32? { state.withLock { $0.received } }

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
