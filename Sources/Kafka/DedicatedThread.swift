/// Blocking work of the runtime that is not a librdkafka call, run on an OS thread of its
/// own: writing state snapshots takes seconds of encoding, writes and `fsync`s, and must
/// not hold one of the few threads Swift's tasks run on (on Linux, as many as there are
/// cores) while the role's loop and the group's callbacks wait for one.
public enum DedicatedThread {
    /// Runs `body` on a new thread named `name` (at most 15 bytes are kept; it shows in
    /// `top -H`) and returns its result once it ends; the thread ends with it.
    public static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async -> T {
        let thread = KafkaThread(name: name)
        defer { thread.stopAndJoin() }
        return await withCheckedContinuation { continuation in
            let queued = thread.submit { continuation.resume(returning: body()) }
            // A new thread is not stopping; were it ever, the body still runs, here.
            if !queued { continuation.resume(returning: body()) }
        }
    }
}
