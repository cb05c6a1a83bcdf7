#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// A dedicated OS thread that runs jobs one after another, in submission order.
///
/// librdkafka's polls, commits and closes block the calling thread; running them
/// here keeps them off Swift's cooperative thread pool, and serialises the calls
/// that librdkafka wants from one thread at a time (consumer polls and close).
/// The thread ends when `stopAndJoin()` is called or the handle is released.
final class KafkaThread: @unchecked Sendable {
    private let queue: JobQueue
    private let tid: pthread_t

    /// Starts the thread; `name` shows in debuggers and `top -H` (at most 15 bytes are kept).
    init(name: String) {
        let queue = JobQueue(name: name)
        self.queue = queue
        var tid = pthread_t()
        let rc = pthread_create(&tid, nil, { argument in
            Unmanaged<JobQueue>.fromOpaque(argument!).takeRetainedValue().loop()
            return nil
        }, Unmanaged.passRetained(queue).toOpaque())
        precondition(rc == 0, "pthread_create failed: \(rc)")
        self.tid = tid
    }

    deinit {
        stopAndJoin()
    }

    /// Runs `body` on a new thread of its own and returns its result; for rare blocking calls.
    static func runOnNewThread<T: Sendable>(
        name: String, _ body: @escaping @Sendable () throws(KafkaError) -> T
    ) async throws(KafkaError) -> T {
        let thread = KafkaThread(name: name)
        defer { thread.stopAndJoin() }
        return try await thread.run(body)
    }

    /// Runs `body` on a new thread of its own and returns at once; for teardown that may
    /// block and that nobody awaits (a task's thread must not wait for it).
    static func detach(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = KafkaThread(name: name)
        thread.submit(body)
        guard thread.queue.stop() else { return }
        pthread_detach(thread.tid)  // It runs `body`, then ends.
    }

    /// Queues `job` to run on the thread; returns false (and drops it) once the thread is stopping.
    @discardableResult
    func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        queue.append(job)
    }

    /// Runs `body` on the thread and returns its result to the awaiting task.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws(KafkaError) -> T) async throws(KafkaError) -> T {
        let result: Result<T, KafkaError> = await withCheckedContinuation { continuation in
            start(body) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// `run(_:)`, bounded: nil if `body` has not finished within `timeout`. It then goes on
    /// alone (a blocked thread cannot be interrupted) and its result is dropped.
    func run<T: Sendable>(within timeout: Duration, _ body: @escaping @Sendable () throws(KafkaError) -> T) async throws(KafkaError) -> T? {
        let answered = AtomicFlag()
        let result: Result<T?, KafkaError> = await withCheckedContinuation { continuation in
            start(body) { result in
                if answered.raise() { continuation.resume(returning: result.map { $0 }) }
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(timeout.milliseconds))) {
                if answered.raise() { continuation.resume(returning: .success(nil)) }
            }
        }
        return try result.get()
    }

    /// Queues `body`, handing its result to `finish`, or `finish`es with `closed` if the thread is stopping.
    private func start<T: Sendable>(
        _ body: @escaping @Sendable () throws(KafkaError) -> T, finish: @escaping @Sendable (Result<T, KafkaError>) -> Void
    ) {
        let queued = submit {
            do throws(KafkaError) {
                finish(.success(try body()))
            } catch {
                finish(.failure(error))
            }
        }
        if !queued { finish(.failure(.closed("client"))) }
    }

    /// Whether the calling code runs on this thread.
    var isCurrent: Bool {
        pthread_equal(tid, pthread_self()) != 0
    }

    /// Lets queued jobs finish, then ends the thread and waits for it (idempotent).
    func stopAndJoin() {
        guard queue.stop() else { return }
        if isCurrent {
            pthread_detach(tid)  // Stopped from one of its own jobs: it ends after this job.
        } else {
            pthread_join(tid, nil)
        }
    }
}
