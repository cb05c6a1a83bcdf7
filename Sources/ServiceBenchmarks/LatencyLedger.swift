import Synchronization

/// What the sender and the reader of a latency run share: when each event was sent, and which warm-up requests were answered.
final class LatencyLedger: Sendable {
    /// When each event was handed to the producer: nanoseconds since the run's origin
    /// (for the latency) and wall-clock milliseconds (to compare with record timestamps).
    let sent: Mutex<[(nanoseconds: Int64, wallMilliseconds: Int64)]>
    /// The indices (negative) of the warm-up requests whose transition arrived.
    let warmedUp = Mutex(Set<Int>())

    init(count: Int) {
        sent = Mutex(Array(repeating: (-1, -1), count: count))
    }
}
