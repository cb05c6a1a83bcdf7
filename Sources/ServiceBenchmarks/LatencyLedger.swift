import Synchronization

/// What the sender and the reader of a latency run share: when each event was sent, and which warm-up requests were answered.
final class LatencyLedger: Sendable {
    /// Nanoseconds since the run's origin at which each event was handed to the producer (-1: not yet).
    let sentAt: Mutex<[Int64]>
    /// Wall-clock milliseconds at which each event was handed to the producer.
    let sentWallMilliseconds: Mutex<[Int64]>
    /// The warm-up requests (one per partition) whose transition arrived.
    let warmedKeys = Mutex(Set<String>())

    init(count: Int) {
        sentAt = Mutex([Int64](repeating: -1, count: count))
        sentWallMilliseconds = Mutex([Int64](repeating: -1, count: count))
    }
}
