import CKafkaShims

extension RdKafkaClient {
    /// The timer slack librdkafka's threads get: a little over a millisecond.
    ///
    /// librdkafka 2.0.2's main thread waits for its next timer with the time left truncated
    /// to whole milliseconds, then polls with a zero timeout until the timer is due: up to a
    /// millisecond of spinning before every timer, about 0.1 % of a core per client at rest
    /// (librdkafka #4684, fixed in 2.3.1; BENCHMARKS.md, sessions 12 and 13). With this slack
    /// the kernel may end such a wait up to the slack late, which it does when nothing else
    /// wakes the core, so the wait reaches the timer and the spin does not happen. Timed waits
    /// in librdkafka may end that much later; waits ended by an event are not delayed.
    static let timerSlack: UInt = 1_100_000

    /// Runs `body`, which creates librdkafka threads, with the calling thread's timer slack
    /// set to `timerSlack`, so that those threads inherit it (and the threads they create);
    /// the calling thread's own is restored after.
    static func withTimerSlack<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let previous = ckafka_swap_timer_slack(timerSlack)
        defer { _ = ckafka_swap_timer_slack(previous) }
        return try body()
    }
}
