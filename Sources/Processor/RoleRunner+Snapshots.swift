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

    /// What a snapshot capture took: a copy of the engine as it was (a copy of its tables is
    /// made only where the running engine changes them afterwards), the changelog partitions
    /// it may stand for, with their ends, and those it left out.
    struct SnapshotCapture: Sendable {
        var engine: RoleEngine
        var targets: [(changelog: KafkaTopicPartition, end: Int64)]
        /// When it was taken, in milliseconds since the epoch.
        var time: Int64
        /// The partitions held that it left out, by why.
        var skipped: [SnapshotReport.Skip: Int] = [:]
    }

    /// Takes the states held for snapshots: to be called when every batch's effects were
    /// delivered (at a graceful stop, after the last batch; while running, with the pipeline
    /// drained), so that the states held are the fold of the changelogs up to their ends,
    /// provided nothing but this instance wrote a partition since its restore: its end must be
    /// where the restore read up to plus the records this instance wrote there (an instance
    /// the group expelled, still writing, would make it more). A partition with changes not
    /// written, whose end is not known, or that someone else wrote is left out (and its old
    /// snapshot removed: the next start reads it whole), with a warning; with `onlyChanged`,
    /// so is one whose end is where this instance's last snapshot of it stood, still in its
    /// file. Waits at most `limit` for the ends; nil when there is nothing to write (what
    /// was left out is then reported here).
    func captureSnapshots(in directory: StateDirectory, limit: Duration, onlyChanged: Bool) async -> SnapshotCapture? {
        let held = core.withLock { core in core.restored.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) } }
        guard !held.isEmpty else { return nil }
        guard limit > .zero else {
            logger.warning("no state snapshots: the stop's time is spent")
            record(SnapshotReport(skipped: [.outOfTime: held.count]))
            return nil
        }
        let ends: [KafkaTopicPartition: Int64]
        do {
            ends = try await producer.endOffsets(of: held, timeout: limit)
        } catch {
            logger.warning("no state snapshots: the changelogs' end offsets are not known (\(error))")
            record(SnapshotReport(skipped: [.endUnknown: held.count]))
            return nil
        }
        var left: [(KafkaTopicPartition, SnapshotReport.Skip)] = []
        var capture = core.withLock { core -> SnapshotCapture in
            var targets: [(changelog: KafkaTopicPartition, end: Int64)] = []
            for target in held where core.restored.contains(target) {
                guard let end = ends[target] else {
                    left.append((target, .endUnknown))
                    continue
                }
                guard !core.engine.hasUnwrittenChanges(partition: target.partition) else {
                    left.append((target, .unwritten))
                    continue
                }
                guard let extent = core.changelogExtents[target], extent.holdsOnlyOwnWrites(end: end) else {
                    left.append((target, .foreignWrite))
                    continue
                }
                if onlyChanged, core.snapshotEnds[target] == end, (try? directory.offset(of: target)) == end { continue }
                core.snapshotEnds[target] = end
                targets.append((target, end))
            }
            return SnapshotCapture(engine: core.engine, targets: targets, time: wallClockMilliseconds())
        }
        for (target, reason) in left {
            directory.discard(target)
            capture.skipped[reason, default: 0] += 1
        }
        let foreign = left.filter { $0.1 == .foreignWrite }.map(\.0.description)
        if !foreign.isEmpty {
            logger.warning(
                "no snapshot of \(foreign.joined(separator: ",")): written by another instance since this one restored it (one the group expelled?); the next start reads it whole")
        }
        if left.count > foreign.count {
            logger.warning("no snapshot of \(left.count - foreign.count) changelog partitions (changes not written, or end offset unknown): the next start reads them whole")
        }
        guard !capture.targets.isEmpty else {
            if !capture.skipped.isEmpty { record(SnapshotReport(skipped: capture.skipped)) }
            return nil
        }
        return capture
    }

    /// Writes `capture`'s snapshots to `directory`, partition number by partition number,
    /// while `goOn()` allows (what it stops before gets none, and its old snapshot is removed).
    /// It blocks for as long as that takes: callers run it on a `DedicatedThread`.
    func writeSnapshots(_ capture: SnapshotCapture, to directory: StateDirectory, goOn: () -> Bool = { true }) {
        let started = ContinuousClock.now
        var report = SnapshotReport(skipped: capture.skipped)
        var left: [KafkaTopicPartition] = []
        for number in Set(capture.targets.map(\.changelog.partition)).sorted() {
            let targets = capture.targets.filter { $0.changelog.partition == number }
            guard goOn() else {
                left += capture.targets.filter { $0.changelog.partition >= number }.map(\.changelog)
                break
            }
            let snapshots: [(changelog: String, records: [EventMessage])]
            do {
                snapshots = try capture.engine.snapshotRecords(partition: number)
            } catch {
                logger.warning("no snapshot of partition \(number): \(error)")
                for target in targets { directory.discard(target.changelog) }
                report.skip(.failed, count: targets.count)
                continue
            }
            for (target, end) in targets {
                guard let snapshot = snapshots.first(where: { $0.changelog == target.topic }) else { continue }
                do {
                    try directory.write(PartitionSnapshot(changelog: target, offset: end, written: capture.time, records: snapshot.records))
                    report.written += 1
                    report.records += snapshot.records.count
                } catch {
                    logger.warning("no snapshot of \(target): \(error)")
                    report.skip(.failed)
                }
            }
        }
        for target in left { directory.discard(target) }
        report.skip(.outOfTime, count: left.count)
        report.duration = started.duration(to: .now)
        record(report)
        if !left.isEmpty { logger.warning("no snapshot of \(left.count) changelog partitions: the stop's time ran out") }
        logger.info(
            "wrote state snapshots",
            metadata: [
                "partitions": "\(report.written)", "records": "\(report.records)", "directory": "\(directory.path)",
                "seconds": "\(report.duration.loggedSeconds)",
            ])
    }

    /// Counts what a round of snapshots did, and tells the observer.
    private func record(_ report: SnapshotReport) {
        counters.withLock { counters in
            counters.snapshotsWritten += report.written
            counters.snapshotsSkipped.merge(report.skipped, uniquingKeysWith: +)
        }
        options.observer?.wroteSnapshots(report)
    }

    /// A graceful stop's snapshots: taken after the last batch's effects were delivered and
    /// before the group is left, within what `budget` leaves.
    func writeSnapshots(to directory: StateDirectory, budget: StopBudget) async {
        guard let capture = await captureSnapshots(in: directory, limit: budget.limit(Self.endOffsetsTimeout), onlyChanged: true) else { return }
        await DedicatedThread.run(name: Self.snapshotThreadName) {
            self.writeSnapshots(capture, to: directory) { budget.limit(.seconds(1)) > .zero }
        }
    }

    /// The thread snapshots are encoded and written on: seconds of work for a large state,
    /// kept off the threads the role's tasks run on.
    static let snapshotThreadName = "mtd-snapshot"

}
