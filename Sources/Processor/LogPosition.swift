/// Where a record lies in the role log: the offset of the log's record and, for an entry of a
/// bundle, its index there (`RoleLog.Bundle`).
///
/// Each key's state remembers the position it reflects, so that a replay does not apply a
/// record to it twice, while the later entries of one bundle still apply after the earlier
/// ones. A bundle is folded whole within one batch, so a changelog record's state reflects
/// whole log records: it keeps the offset only, and a restored state reflects the whole
/// record (`whole(_:)`).
struct LogPosition: Sendable, Hashable, Comparable {
    var offset: Int64
    var entry: Int32

    init(offset: Int64, entry: Int32) {
        self.offset = offset
        self.entry = entry
    }

    /// Every entry of the record at `offset`.
    static func whole(_ offset: Int64) -> LogPosition { LogPosition(offset: offset, entry: .max) }

    static func < (lhs: LogPosition, rhs: LogPosition) -> Bool {
        (lhs.offset, lhs.entry) < (rhs.offset, rhs.entry)
    }
}
