import Kafka

/// Watches a ``RoleRunner`` for metrics and readiness: the runner calls it on
/// every rebalance, restore and processed batch, and samples lag and state size
/// every ``sampleInterval``. Calls come from the consumer's thread (rebalances,
/// restores) and from the processing task; they must be quick and must not throw.
public protocol RoleObserver: Sendable {
    /// How often the runner samples consumer lag and state size.
    var sampleInterval: Duration { get }
    /// The group gave the instance `partitions` (possibly none); restoring them starts.
    func assigned(_ partitions: [KafkaTopicPartition])
    /// A restore read `fromSnapshots` records from the state directory's snapshots and
    /// `fromChangelogs` from the changelogs (called before `restored`, when there was a restore).
    func restoredRecords(fromSnapshots: Int, fromChangelogs: Int)
    /// A round of state snapshots ended (periodic, or a graceful stop's): what it wrote to
    /// the state directory and what it left out. Called from the thread that wrote them.
    func wroteSnapshots(_ report: SnapshotReport)
    /// The assigned partitions are restored from their changelogs; it took `duration`.
    func restored(_ partitions: [KafkaTopicPartition], duration: Duration)
    /// The group took `partitions` (their states were dropped).
    func revoked(_ partitions: [KafkaTopicPartition])
    /// A batch was processed, its outputs acknowledged and its offsets committed.
    func processed(_ report: BatchReport)
    /// A periodic sample: the lag of each assigned partition and the state held.
    func sampled(lag: [KafkaTopicPartition: Int64], state: StateSize)
    /// The instance left its group.
    func left()
}
