import Events
import Kafka
import Logging
import MaintenancedClient

extension RoleRunner {
    /// Of `changelogs`, those with a snapshot in the state directory that the changelog
    /// still continues, with the offset to read each from: a snapshot whose offset is below
    /// the partition's low watermark (the changelog lost records since) or above its high
    /// one (a changelog recreated, or of another cluster) is removed with a warning, and its
    /// partition read whole.
    func snapshotOffsets(_ changelogs: [KafkaTopicPartition], reader: KafkaPartitionReader) throws -> [KafkaTopicPartition: Int64] {
        guard let directory = options.stateDirectory else { return [:] }
        var offsets: [KafkaTopicPartition: Int64] = [:]
        for target in changelogs {
            do {
                if let offset = try directory.offset(of: target) { offsets[target] = offset }
            } catch {
                logger.warning("reading \(target) from the changelog whole: its snapshot is unusable (\(error))")
                directory.discard(target)
            }
        }
        guard !offsets.isEmpty else { return [:] }
        let watermarks = try reader.watermarks(of: offsets.keys.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) })
        for (target, offset) in offsets {
            guard let marks = watermarks[target], offset >= marks.low, offset <= marks.high else {
                let held = watermarks[target].map { "\($0.low) to \($0.high)" } ?? "unknown offsets"
                logger.warning("reading \(target) from the changelog whole: its snapshot stands for offset \(offset), the changelog holds \(held)")
                directory.discard(target)
                offsets[target] = nil
                continue
            }
        }
        return offsets
    }

    /// Leaves a snapshot of each changelog partition held in `directory`, with the
    /// partition's end offset: at a graceful stop, after the last batch's effects were
    /// delivered and before the group is left, so the states held are the fold of the
    /// changelog up to that offset, provided nothing but this instance wrote the partition
    /// since its restore: its end must be where the restore read up to plus the records this
    /// instance wrote there (an instance the group expelled, still writing, would make it
    /// more). A partition with changes not written (a batch cut short), whose end is not
    /// known, or that someone else wrote gets none. Takes what `budget` leaves; what it does
    /// not reach gets none.
    func writeSnapshots(to directory: StateDirectory, budget: StopBudget) async {
        let (targets, extents) = core.withLock { core in
            (core.restored.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }, core.changelogExtents)
        }
        guard !targets.isEmpty else { return }
        let started = ContinuousClock.now
        let limit = budget.limit(Self.endOffsetsTimeout)
        guard limit > .zero else {
            logger.warning("no state snapshots: the stop's time is spent")
            return
        }
        let ends: [KafkaTopicPartition: Int64]
        do {
            ends = try await producer.endOffsets(of: targets, timeout: limit)
        } catch {
            logger.warning("no state snapshots: the changelogs' end offsets are not known (\(error))")
            return
        }
        let now = wallClockMilliseconds()
        var written = 0
        var records = 0
        var skipped: [KafkaTopicPartition] = []
        var foreign: [KafkaTopicPartition] = []
        for number in Set(targets.map(\.partition)).sorted() {
            guard budget.limit(.seconds(1)) > .zero else {
                skipped += targets.filter { $0.partition >= number }
                break
            }
            let snapshots = core.withLock { core -> [(changelog: String, records: [EventMessage])]? in
                guard !core.engine.hasUnwrittenChanges(partition: number) else { return nil }
                return try? core.engine.snapshotRecords(partition: number)
            }
            for target in targets where target.partition == number {
                guard let snapshot = snapshots?.first(where: { $0.changelog == target.topic }), let end = ends[target] else {
                    skipped.append(target)
                    directory.discard(target)
                    continue
                }
                guard let extent = extents[target], end == extent.restoredEnd + Int64(extent.written) else {
                    foreign.append(target)
                    directory.discard(target)
                    continue
                }
                do {
                    try directory.write(PartitionSnapshot(changelog: target, offset: end, written: now, records: snapshot.records))
                    written += 1
                    records += snapshot.records.count
                } catch {
                    logger.warning("no snapshot of \(target): \(error)")
                }
            }
        }
        counters.withLock { $0.snapshotsWritten += written }
        if !foreign.isEmpty {
            logger.warning(
                "no snapshot of \(foreign.map(\.description).joined(separator: ",")): written by another instance since this one restored it (one the group expelled?); the next start reads it whole")
        }
        if !skipped.isEmpty {
            logger.warning("no snapshot of \(skipped.count) changelog partitions (changes not written, end offset unknown or no time left): the next start reads them whole")
        }
        logger.info(
            "wrote state snapshots",
            metadata: [
                "partitions": "\(written)", "records": "\(records)", "directory": "\(directory.path)",
                "seconds": "\(started.duration(to: .now))",
            ])
    }
}
