/// What one round of state snapshots did (a running instance's periodic one, or a graceful
/// stop's): the changelog partitions written, the records they hold, the time it took, and
/// the partitions that got none, by why. A partition without a snapshot is read from its
/// changelog whole at the next start, so a growing `skipped` is what an operator watches.
public struct SnapshotReport: Sendable, Hashable {
    /// Why a changelog partition the instance holds got no snapshot.
    public enum Skip: String, Sendable, Hashable, CaseIterable {
        /// Its latest changes were not in the changelog yet.
        case unwritten
        /// The changelog's end offset was not known: the broker did not answer in time.
        case endUnknown = "end-unknown"
        /// Someone else wrote the changelog since this instance restored it (an instance the
        /// group expelled, still writing).
        case foreignWrite = "foreign-write"
        /// Encoding its states or writing its file failed.
        case failed
        /// The stop's time ran out before it.
        case outOfTime = "out-of-time"
    }

    /// Changelog partitions written to the state directory.
    public var written = 0
    /// The records (states and checkpoints) those hold.
    public var records = 0
    /// The time spent encoding and writing them.
    public var duration: Duration = .zero
    /// Changelog partitions that got no snapshot, by why.
    public var skipped: [Skip: Int] = [:]

    public init(written: Int = 0, records: Int = 0, duration: Duration = .zero, skipped: [Skip: Int] = [:]) {
        self.written = written
        self.records = records
        self.duration = duration
        self.skipped = skipped
    }

    /// Counts `count` more partitions skipped for `reason`.
    mutating func skip(_ reason: Skip, count: Int = 1) {
        guard count > 0 else { return }
        skipped[reason, default: 0] += count
    }
}
