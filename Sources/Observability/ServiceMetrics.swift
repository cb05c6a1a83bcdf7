import Events
import Lifecycle
import MaintenancedConfiguration
import Prometheus

/// The metrics the runtime records, in a tiny API over a Prometheus registry.
/// Names, labels and help text are in ``MetricName``.
///
/// Labels must stay bounded: pass the CloudEvents type only of events that
/// were recognised (unknown ones are dead letters with a reason), and reasons
/// from a fixed set.
public struct ServiceMetrics: Sendable {
    /// The registry the metrics are in, and that `/metrics` prints.
    public let registry: PrometheusCollectorRegistry

    /// Buckets of the processing latency histogram: 1 ms to 10 s.
    public static let processingBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .seconds(2.5), .seconds(5), .seconds(10),
    ]
    /// Buckets of the restore duration histogram: 10 ms to 10 min.
    public static let restoreBuckets: [Duration] = [
        .milliseconds(10), .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(10),
        .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600),
    ]

    /// Metrics in `registry`.
    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    /// An event of `type` (or `count` of them) was read from `topic` and decoded.
    public func eventConsumed(role: Role, topic: String, type: String, count: Int = 1) {
        counter(.eventsConsumed, [role.rawValue, topic, type]).increment(by: Int64(count))
    }

    /// An event of `type` (or `count` of them) was written to `topic` and acknowledged.
    public func eventEmitted(role: Role, topic: String, type: String, count: Int = 1) {
        counter(.eventsEmitted, [role.rawValue, topic, type]).increment(by: Int64(count))
    }

    /// A valid event was rejected for `reason` (a transition rejected event was emitted).
    public func rejected(role: Role, reason: String) {
        counter(.rejections, [role.rawValue, reason]).increment()
    }

    /// Unreadable input went to the dead-letter topic for `reason`.
    public func deadLettered(role: Role, reason: DeadLetter.Reason) {
        counter(.deadLetters, [role.rawValue, reason.rawValue]).increment()
    }

    /// One event (or `count` events of one batch) took `duration` from read to acknowledged outputs and state.
    public func processed(role: Role, duration: Duration, count: Int = 1) {
        let histogram = histogram(.processingDuration, [role.rawValue], buckets: Self.processingBuckets)
        for _ in 0..<max(count, 0) { histogram.record(duration) }
    }

    /// The lag of `partition` of `topic` is `lag` messages.
    public func consumerLag(role: Role, topic: String, partition: Int, lag: Int64) {
        gauge(.consumerLag, [role.rawValue, topic, String(partition)]).set(to: Double(lag))
    }

    /// The partition is no longer assigned: its lag series is removed.
    public func partitionRevoked(role: Role, topic: String, partition: Int) {
        registry.unregisterGauge(gauge(.consumerLag, [role.rawValue, topic, String(partition)]))
    }

    /// The role's state store holds `entries` keys taking `bytes` bytes.
    public func stateStoreSize(role: Role, entries: Int, bytes: Int) {
        gauge(.stateStoreEntries, [role.rawValue]).set(to: Double(entries))
        gauge(.stateStoreBytes, [role.rawValue]).set(to: Double(bytes))
    }

    /// `count` messages read by the role wait for a clock tick.
    public func messagesHeld(role: Role, count: Int) {
        gauge(.messagesHeld, [role.rawValue]).set(to: Double(count))
    }

    /// `count` input partitions are paused: too many of their messages wait.
    public func sourcePartitionsPaused(role: Role, count: Int) {
        gauge(.sourcePartitionsPaused, [role.rawValue]).set(to: Double(count))
    }

    /// The sequencer went on without a lagging source `count` more times.
    public func idleExpired(role: Role, count: Int) {
        guard count > 0 else { return }
        counter(.idleExpirations, [role.rawValue]).increment(by: Int64(count))
    }

    /// `count` more input partitions started their offsets again.
    public func sourcesRestarted(role: Role, count: Int) {
        guard count > 0 else { return }
        counter(.sourceRestarts, [role.rawValue]).increment(by: Int64(count))
    }

    /// A batch's commit was left to a later one.
    public func commitDeferred(role: Role) {
        counter(.commitsDeferred, [role.rawValue]).increment()
    }

    /// A restore read `fromSnapshots` records from the state directory and `fromChangelogs` from the changelogs.
    public func restoredRecords(role: Role, fromSnapshots: Int, fromChangelogs: Int) {
        counter(.restoredRecords, [role.rawValue, "snapshot"]).increment(by: Int64(fromSnapshots))
        counter(.restoredRecords, [role.rawValue, "changelog"]).increment(by: Int64(fromChangelogs))
    }

    /// A round of state snapshots wrote `written` changelog partitions in `duration` and left
    /// out `skipped`, by reason (`SnapshotReport.Skip`'s raw values).
    public func wroteSnapshots(role: Role, written: Int, skipped: [String: Int], duration: Duration) {
        if written > 0 {
            counter(.snapshotsWritten, [role.rawValue]).increment(by: Int64(written))
            histogram(.snapshotDuration, [role.rawValue], buckets: Self.restoreBuckets).record(duration)
        }
        for (reason, count) in skipped where count > 0 {
            counter(.snapshotsSkipped, [role.rawValue, reason]).increment(by: Int64(count))
        }
    }

    /// Restoring the assigned partitions from the changelog took `duration`.
    public func restored(role: Role, duration: Duration) {
        histogram(.restoreDuration, [role.rawValue], buckets: Self.restoreBuckets).record(duration)
    }

    /// The group gave the role partitions (`assigned`) or took them (`revoked`).
    public func rebalanced(role: Role, assigned: Bool) {
        counter(.rebalances, [role.rawValue, assigned ? "assigned" : "revoked"]).increment()
    }

    /// Makes `role`'s counters that otherwise appear only once something happens, at 0, so that
    /// `rate()` and `absent()` see them from the start: rejections by each of `rejectionCodes`,
    /// dead letters by each `DeadLetter.Reason`, commits deferred, idle expirations, source restarts, snapshots
    /// written and skipped (by each of `snapshotSkips`), and the snapshot duration.
    public func prepare(role: Role, rejectionCodes: [String], snapshotSkips: [String]) {
        for code in rejectionCodes { counter(.rejections, [role.rawValue, code]).increment(by: Int64(0)) }
        for reason in DeadLetter.Reason.allCases { counter(.deadLetters, [role.rawValue, reason.rawValue]).increment(by: Int64(0)) }
        counter(.commitsDeferred, [role.rawValue]).increment(by: Int64(0))
        counter(.idleExpirations, [role.rawValue]).increment(by: Int64(0))
        counter(.sourceRestarts, [role.rawValue]).increment(by: Int64(0))
        counter(.snapshotsWritten, [role.rawValue]).increment(by: Int64(0))
        for reason in snapshotSkips { counter(.snapshotsSkipped, [role.rawValue, reason]).increment(by: Int64(0)) }
        _ = histogram(.snapshotDuration, [role.rawValue], buckets: Self.restoreBuckets)
    }

    /// The metrics in Prometheus text format.
    public func prometheusText() -> String {
        registry.emitToString()
    }

    private func labels(_ metric: MetricName, _ values: [String]) -> [(String, String)] {
        precondition(values.count == metric.labels.count, "\(metric.name) takes labels \(metric.labels)")
        return Array(zip(metric.labels, values))
    }

    private func counter(_ metric: MetricName, _ values: [String]) -> Counter {
        registry.makeCounter(descriptor: metric.descriptor, labels: labels(metric, values))
    }

    private func gauge(_ metric: MetricName, _ values: [String]) -> Gauge {
        registry.makeGauge(descriptor: metric.descriptor, labels: labels(metric, values))
    }

    private func histogram(_ metric: MetricName, _ values: [String], buckets: [Duration]) -> DurationHistogram {
        registry.makeDurationHistogram(descriptor: metric.descriptor, labels: labels(metric, values), buckets: buckets)
    }
}

extension MetricName {
    /// The registry's descriptor: the whole name as the metric name, and the help text.
    var descriptor: MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
