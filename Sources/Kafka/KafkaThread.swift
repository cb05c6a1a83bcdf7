#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// Queues `job` to run on the thread; returns false (and drops it) once the thread is stopping.
    @discardableResult
    func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        queue.append(job)
    }

    /// Runs `body` on the thread and returns its result to the awaiting task.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws(KafkaError) -> T) async throws(KafkaError) -> T {
        let result: Result<T, KafkaError> = await withCheckedContinuation { continuation in
            let queued = submit {
                do throws(KafkaError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            if !queued { continuation.resume(returning: .failure(.closed("client"))) }
        }
        return try result.get()
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
