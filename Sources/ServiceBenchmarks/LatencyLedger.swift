import Synchronization

/// What the sender and the reader of a latency run share: when each event was sent, and whether the warm-up was answered.
final class LatencyLedger: Sendable {
    /// Nanoseconds since the run's origin at which each event was handed to the producer (-1: not yet).
    let sentAt: Mutex<[Int64]>
    /// Whether the warm-up request's transition arrived.
    let warmed = Mutex(false)

    init(count: Int) { sentAt = Mutex([Int64](repeating: -1, count: count)) }
}
