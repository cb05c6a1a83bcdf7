/// What a restored changelog partition holds as far as this instance knows: the offset its
/// restore read up to, and the records this instance wrote there since. A snapshot may
/// stand for the partition's end only when nothing else was written there: an instance the
/// group expelled, still writing, would put the end further (`RoleRunner.captureSnapshots`).
struct ChangelogExtent: Sendable, Hashable {
    /// The end offset the restore read up to.
    var restoredEnd: Int64
    /// Records this instance wrote at or after `restoredEnd`.
    var written = 0

    init(restoredEnd: Int64) { self.restoredEnd = restoredEnd }

    /// Counts this instance's records that landed at `offsets`. One that landed below
    /// `restoredEnd` is already in what the restore read (a write in flight while the
    /// partition was revoked and assigned again), and counts no second time. (A record
    /// whose offset is not known is not given here: the partition then gets no snapshot,
    /// rather than one that may not stand for its end.)
    mutating func wrote(at offsets: [Int64]) {
        written += offsets.count { $0 >= restoredEnd }
    }

    /// Whether a partition ending at `end` holds what the restore read and this instance
    /// wrote, and nothing else.
    func holdsOnlyOwnWrites(end: Int64) -> Bool { end == restoredEnd + Int64(written) }
}
