import Events

/// The Prometheus metrics of maintenanced, by name, with their labels and help
/// text: the one place the names are defined. ``ServiceMetrics`` records them.
public struct MetricName: Sendable, Hashable {
    /// The full Prometheus name.
    public let name: String
    /// The label names, in order.
    public let labels: [String]
    /// The `# HELP` text.
    public let help: String

    /// `maintenanced_events_consumed_total{role,topic,type}`.
    public static let eventsConsumed = MetricName(
        name: "maintenanced_events_consumed_total", labels: ["role", "topic", "type"],
        help: "Events read from Kafka and decoded, by role, topic and CloudEvents type.")
    /// `maintenanced_events_emitted_total{role,topic,type}`.
    public static let eventsEmitted = MetricName(
        name: "maintenanced_events_emitted_total", labels: ["role", "topic", "type"],
        help: "Events written to Kafka and acknowledged, by role, topic and CloudEvents type.")
    /// `maintenanced_rejections_total{role,reason}`.
    public static let rejections = MetricName(
        name: "maintenanced_rejections_total", labels: ["role", "reason"],
        help: "Valid events that did not fit the current state and were answered with a transition rejected event.")
    /// `maintenanced_dead_letters_total{role,reason}`, a `DeadLetter.Reason`.
    public static let deadLetters = MetricName(
        name: "maintenanced_dead_letters_total", labels: ["role", "reason"],
        help: "Input that could not be read and went to the dead-letter topic, by reason ("
            + DeadLetter.Reason.allCases.map(\.rawValue).joined(separator: ", ") + ").")
    /// `maintenanced_processing_duration_seconds{role}` (histogram).
    public static let processingDuration = MetricName(
        name: "maintenanced_processing_duration_seconds", labels: ["role"],
        help: "Time from reading an event until its outputs and state change were acknowledged.")
    /// `maintenanced_consumer_lag{role,topic,partition}` (gauge).
    public static let consumerLag = MetricName(
        name: "maintenanced_consumer_lag", labels: ["role", "topic", "partition"],
        help: "Messages between the committed offset and the high watermark, per assigned partition.")
    /// `maintenanced_state_store_entries{role}` (gauge).
    public static let stateStoreEntries = MetricName(
        name: "maintenanced_state_store_entries", labels: ["role"],
        help: "Keys (servers or clusters) held in the role's state store on this instance.")
    /// `maintenanced_state_store_bytes{role}` (gauge).
    public static let stateStoreBytes = MetricName(
        name: "maintenanced_state_store_bytes", labels: ["role"],
        help: "Encoded size of the role's state store on this instance.")
    /// `maintenanced_messages_held{role}` (gauge).
    public static let messagesHeld = MetricName(
        name: "maintenanced_messages_held", labels: ["role"],
        help: "Messages the role's sequencer has read and not appended to its input log yet: they wait for their turn in event time.")
    /// `maintenanced_source_partitions_paused{role}` (gauge).
    public static let sourcePartitionsPaused = MetricName(
        name: "maintenanced_source_partitions_paused", labels: ["role"],
        help: "Input partitions whose fetching the sequencer paused: more of their messages wait than its buffer limit.")
    /// `maintenanced_sequencer_idle_expirations_total{role}` (counter).
    public static let idleExpirations = MetricName(
        name: "maintenanced_sequencer_idle_expirations_total", labels: ["role"],
        help: "Times the sequencer went on without a source that still had unread messages, after waiting its longest (max idle).")
    /// `maintenanced_source_restarts_total{role}` (counter).
    public static let sourceRestarts = MetricName(
        name: "maintenanced_source_restarts_total", labels: ["role"],
        help: "Times an input partition's offsets started again below where the role had read it (the topic deleted and created again, or truncated): its records from there on were folded as new events.")
    /// `maintenanced_commits_deferred_total{role}` (counter).
    public static let commitsDeferred = MetricName(
        name: "maintenanced_commits_deferred_total", labels: ["role"],
        help: "Batches whose offset commit failed while the group or the way to it was in flux (a rebalance, the coordinator moving, a broker down) or went unanswered: their offsets went with a later commit.")
    /// `maintenanced_restore_duration_seconds{role}` (histogram).
    public static let restoreDuration = MetricName(
        name: "maintenanced_restore_duration_seconds", labels: ["role"],
        help: "Time to restore assigned partitions (from snapshots and the changelog) after a rebalance.")
    /// `maintenanced_restored_records_total{role,from}`, from `snapshot` or `changelog`.
    public static let restoredRecords = MetricName(
        name: "maintenanced_restored_records_total", labels: ["role", "from"],
        help: "Records restored into assigned partitions' state: from the state directory's snapshots, or read from the changelog.")
    /// `maintenanced_snapshots_written_total{role}` (counter).
    public static let snapshotsWritten = MetricName(
        name: "maintenanced_snapshots_written_total", labels: ["role"],
        help: "Changelog partitions whose state went to the state directory as a snapshot, periodically (state.snapshotInterval) or at a graceful stop.")
    /// `maintenanced_snapshots_skipped_total{role,reason}`, a `SnapshotReport.Skip`.
    public static let snapshotsSkipped = MetricName(
        name: "maintenanced_snapshots_skipped_total", labels: ["role", "reason"],
        help: "Changelog partitions held that got no snapshot when snapshots were taken, by reason (unwritten, end-unknown, foreign-write, failed, out-of-time): the next start reads them from the changelog whole.")
    /// `maintenanced_snapshot_duration_seconds{role}` (histogram).
    public static let snapshotDuration = MetricName(
        name: "maintenanced_snapshot_duration_seconds", labels: ["role"],
        help: "Time to encode and write a round of state snapshots to the state directory.")
    /// `maintenanced_rebalances_total{role,kind}`, kind `assigned` or `revoked`.
    public static let rebalances = MetricName(
        name: "maintenanced_rebalances_total", labels: ["role", "kind"],
        help: "Consumer group rebalances seen by the role, by kind (assigned, revoked).")

    /// Every metric of the service.
    public static let all: [MetricName] = [
        eventsConsumed, eventsEmitted, rejections, deadLetters, processingDuration, consumerLag,
        stateStoreEntries, stateStoreBytes, messagesHeld, sourcePartitionsPaused, idleExpirations, sourceRestarts, commitsDeferred, restoreDuration,
        restoredRecords, snapshotsWritten, snapshotsSkipped, snapshotDuration, rebalances,
    ]
}
