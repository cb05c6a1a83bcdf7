import Dispatch
import Logging
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `Service` that ends when standard input closes, and thereby (see `member(logger:)`)
/// shuts its group down gracefully: a supervisor or test harness that holds a pipe to
/// the process stops it by closing the pipe or by exiting, even when it dies without
/// sending a signal (`--stop-on-end-of-input`). It returns at once on the group's
/// graceful shutdown or on cancellation.
struct EndOfInput: Service {
    let logger: Logger

    /// The service as a member of a group: its end shuts the group down gracefully.
    static func member(logger: Logger) -> ServiceGroupConfiguration.ServiceConfiguration {
        .init(
            service: EndOfInput(logger: logger), successTerminationBehavior: .gracefullyShutdownGroup,
            failureTerminationBehavior: .gracefullyShutdownGroup)
    }

    func run() async throws {
        let input = InputWatch()
        let ended = await withTaskCancellationOrGracefulShutdownHandler {
            await input.wait()
        } onCancelOrGracefulShutdown: {
            input.finish(ended: false)
        }
        if ended { logger.info("stopping on end of standard input") }
    }
}

/// Standard input, read and dropped by a dispatch source until it ends (`wait()` returns
/// true) or `finish(ended: false)` (it returns false).
///
/// `@unchecked Sendable`: the source is set up in `init` and only cancelled afterwards,
/// which dispatch sources allow from any thread; the rest is behind the mutex.
private final class InputWatch: @unchecked Sendable {
    private let source: any DispatchSourceRead
    private let state = Mutex(State())

    private struct State {
        var ended: Bool?
        var waiter: CheckedContinuation<Bool, Never>?
    }

    init() {
        source = DispatchSource.makeReadSource(fileDescriptor: STDIN_FILENO, queue: .global())
        source.setEventHandler { [weak self] in
            var buffer = [UInt8](repeating: 0, count: 512)
            if read(STDIN_FILENO, &buffer, buffer.count) <= 0 { self?.finish(ended: true) }
        }
        source.resume()
    }

    deinit { source.cancel() }

    /// Stops watching; the first call decides what `wait()` returns.
    func finish(ended: Bool) {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard state.ended == nil else { return nil }
            state.ended = ended
            defer { state.waiter = nil }
            return state.waiter
        }
        source.cancel()
        waiter?.resume(returning: ended)
    }

    /// Whether standard input ended (rather than watching stopped). One waiter.
    func wait() async -> Bool {
        await withCheckedContinuation { continuation in
            let now: Bool? = state.withLock { state in
                if let ended = state.ended { return ended }
                state.waiter = continuation
                return nil
            }
            if let now { continuation.resume(returning: now) }
        }
    }
}
