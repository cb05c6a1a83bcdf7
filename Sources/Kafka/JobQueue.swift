import CKafkaShims

/// The jobs waiting for a `KafkaThread`, and the loop that runs them.
final class JobQueue: @unchecked Sendable {
    private let lock = ConditionLock()
    private var jobs: [@Sendable () -> Void] = []
    private var stopping = false
    private let name: String

    init(name: String) {
        self.name = name
    }

    func append(_ job: @escaping @Sendable () -> Void) -> Bool {
        lock.withLock {
            guard !stopping else { return false }
            jobs.append(job)
            lock.broadcast()
            return true
        }
    }

    /// Asks the loop to end once the queue is empty; false if it was asked before.
    func stop() -> Bool {
        lock.withLock {
            defer { stopping = true; lock.broadcast() }
            return !stopping
        }
    }

    func loop() {
        ckafka_set_thread_name(name)
        while true {
            let next: (@Sendable () -> Void)? = lock.withLock {
                while jobs.isEmpty && !stopping { lock.wait() }
                return jobs.isEmpty ? nil : jobs.removeFirst()
            }
            guard let next else { return }
            next()
        }
    }
}
