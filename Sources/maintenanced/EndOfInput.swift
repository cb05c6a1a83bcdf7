import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--stop-on-end-of-input` of the long-running commands (run, demo, broker, kafka consume).
struct EndOfInputOption: ParsableArguments {
    @Flag(help: "Also stop when standard input closes (for supervisors and test harnesses that hold a pipe to it).")
    var stopOnEndOfInput = false
}

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

/// Standard input, read and dropped on a thread of its own until it ends (`wait()` returns
/// true) or `finish(ended: false)` (it returns false; the thread stays blocked in `read`
/// until the process exits, which is harmless).
///
/// Not a dispatch read source: cancelling one from its handler once the pipe closed let
/// libdispatch's event loop read the freed source now and then (SIGSEGV in
/// `_dispatch_event_loop_drain`, so `broker --stop-on-end-of-input` exited by signal 11).
private final class InputWatch: Sendable {
    private let state = Mutex(State())

    private struct State {
        var ended: Bool?
        var waiter: CheckedContinuation<Bool, Never>?
    }

    init() {
        Thread.detachNewThread { [self] in
            Self.readUntilEnd()
            finish(ended: true)
        }
    }

    /// Reads and drops standard input until it ends: `read` returns 0, or fails other than
    /// by an interruption (a non-blocking descriptor is polled until readable).
    private static func readUntilEnd() {
        var buffer = [UInt8](repeating: 0, count: 512)
        while true {
            let count = read(STDIN_FILENO, &buffer, buffer.count)
            if count > 0 || (count < 0 && errno == EINTR) { continue }
            guard count < 0, errno == EAGAIN else { return }
            var input = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            _ = poll(&input, 1, -1)
        }
    }

    /// Stops watching; the first call decides what `wait()` returns.
    func finish(ended: Bool) {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard state.ended == nil else { return nil }
            state.ended = ended
            defer { state.waiter = nil }
            return state.waiter
        }
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
