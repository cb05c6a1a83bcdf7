/// Where the fold of each owned partition of the role log stands, and the instance's own
/// appends delivered beyond it: decides, in log order, what to fold next, without reading
/// back what the instance itself appended when nothing else lies between.
///
/// An own append that landed right where the fold stands is the log's next record, so it is
/// folded from memory. One that landed further on waits, in memory, for the records before
/// it: those of another writer (an expelled instance), or a backlog not read yet, are read
/// back and folded first, and then the waiting appends follow from memory. A record read
/// back below the fold's position was folded already and is skipped. Pure: the runner gives
/// it what it read back and where its appends landed, and folds what it returns.
struct FoldCursor<Payload: Sendable>: Sendable {
    /// A record of the log at `offset` of `partition`.
    typealias Record = (partition: Int32, offset: Int64, payload: Payload)

    /// The most own appends kept in memory per partition while the fold is behind them;
    /// beyond it they are read back like any record.
    static var ownLimit: Int { 10_000 }

    /// Per owned partition, the offset of the next record to fold, where known.
    private(set) var next: [Int32: Int64] = [:]
    /// The partitions of the log the instance owns (folds). It may append to others: the update
    /// role appends its `cluster.rollouts` partitions' copies to the log partition of the same
    /// number, which another member may own and fold; those appends are not kept.
    private var owned: Set<Int32> = []
    /// Per owned partition, own appends delivered at or beyond `next`, by offset.
    private var own: [Int32: [Int64: Payload]] = [:]

    /// Partition `partition` was assigned; its fold starts at `offset` (the committed offset),
    /// or at the first record read back when that is not known.
    mutating func assigned(_ partition: Int32, at offset: Int64?) {
        owned.insert(partition)
        next[partition] = offset
        own[partition] = nil
    }

    /// How many own appends wait in memory for the fold to reach them.
    var waitingCount: Int { own.values.reduce(0) { $0 + $1.count } }

    /// Partition `partition` was revoked.
    mutating func revoked(_ partition: Int32) {
        owned.remove(partition)
        next[partition] = nil
        own[partition] = nil
    }

    /// Whether the record at `offset` of `partition`, read back, was folded already.
    func isFolded(_ partition: Int32, offset: Int64) -> Bool {
        next[partition].map { offset < $0 } ?? false
    }

    /// The records to fold now, in log order: those read back (in the order fetched) and own
    /// appends (with the offsets they landed at; nil: not known, read back later), and how
    /// many of them come from memory.
    mutating func order(readBack: [Record], appended: [(partition: Int32, offset: Int64?, payload: Payload)]) -> (records: [Record], fromMemory: Int) {
        var records: [Record] = []
        var fromMemory = 0
        for record in readBack {
            let expected = next[record.partition]
            if let expected, record.offset < expected { continue }
            records.append(record)
            next[record.partition] = record.offset + 1
            if var waiting = own[record.partition], !waiting.isEmpty {
                // After a gap (the position was not known, or records were removed) nothing below stays.
                if expected != record.offset { waiting = waiting.filter { $0.key > record.offset } } else { waiting[record.offset] = nil }
                own[record.partition] = waiting
            }
            fromMemory += drain(record.partition, into: &records)
        }
        for append in appended {
            guard let offset = append.offset, owned.contains(append.partition) else { continue }
            if let expected = next[append.partition], offset < expected { continue }
            guard own[append.partition, default: [:]].count < Self.ownLimit else { continue }
            own[append.partition, default: [:]][offset] = append.payload
            fromMemory += drain(append.partition, into: &records)
        }
        return (records, fromMemory)
    }

    /// Appends to `records` the own appends that follow the fold's position without a gap.
    private mutating func drain(_ partition: Int32, into records: inout [Record]) -> Int {
        guard var position = next[partition], var waiting = own[partition], !waiting.isEmpty else { return 0 }
        var count = 0
        while let payload = waiting.removeValue(forKey: position) {
            records.append((partition, position, payload))
            position += 1
            count += 1
        }
        next[partition] = position
        own[partition] = waiting
        return count
    }
}
