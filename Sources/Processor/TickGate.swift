/// Decides which owned partitions get a clock tick now.
///
/// A partition an instance was just given usually has a backlog: events written while
/// its previous owner was dying or handing over. A tick written now carries the wall
/// clock, and would be read before much of that backlog, moving the partition's stream
/// time past events still unread: a timeout could fire before the report that would have
/// prevented it. So a new partition is ticked only once its ticked inputs have caught up
/// (no lag), or after `maxHold` at most (an instance that cannot catch up must still
/// decide timeouts). Pure: the runner tells it the time and the backlog.
struct TickGate: Sendable {
    /// Why a held partition started ticking.
    enum Release: Sendable, Hashable {
        /// Its ticked inputs had no lag left.
        case caughtUp
        /// It was held `maxHold` and still had a backlog (or none was known yet).
        case heldTooLong
    }

    /// The longest a new partition's ticks wait for its backlog.
    let maxHold: Duration
    /// Partitions waiting to catch up, with when they were assigned.
    private var held: [Int32: ContinuousClock.Instant] = [:]
    /// Partitions ticked every round.
    private var open: Set<Int32> = []

    init(maxHold: Duration) { self.maxHold = maxHold }

    /// Whether any partition is waiting for its backlog (the runner then measures lag).
    var isHolding: Bool { !held.isEmpty }

    /// `partition` of the ticks topic was assigned at `now`.
    mutating func assigned(_ partition: Int32, at now: ContinuousClock.Instant) {
        open.remove(partition)
        held[partition] = now
    }

    /// `partition` of the ticks topic was revoked.
    mutating func revoked(_ partition: Int32) {
        open.remove(partition)
        held[partition] = nil
    }

    /// The partitions to tick now, in order, and those released from holding by this call.
    /// `backlog` gives a held partition's unread messages on its ticked inputs, or nil if
    /// not known yet (not fetched).
    mutating func partitionsToTick(at now: ContinuousClock.Instant, backlog: (Int32) -> Int64?) -> (partitions: [Int32], released: [Int32: Release]) {
        var released: [Int32: Release] = [:]
        for (partition, since) in held {
            if let messages = backlog(partition), messages == 0 {
                released[partition] = .caughtUp
            } else if since.duration(to: now) >= maxHold {
                released[partition] = .heldTooLong
            }
        }
        for partition in released.keys {
            held[partition] = nil
            open.insert(partition)
        }
        return (open.sorted(), released)
    }
}
