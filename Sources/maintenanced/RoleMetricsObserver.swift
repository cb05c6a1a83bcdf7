import Contracts
import Kafka
import Lifecycle
import MaintenancedConfiguration
import Observability
import Processor

/// Turns what a ``RoleRunner`` reports into the service's Prometheus metrics and
/// the readiness `/readyz` answers: joined on assignment, restored once the
/// assigned partitions' changelogs are read, not restored again on revocation.
final class RoleMetricsObserver: RoleObserver {
    let role: Role
    let metrics: ServiceMetrics
    let health: ServiceHealth
    let sampleInterval: Duration

    /// An observer of `role` recording into `metrics` and `health`, sampling every `sampleInterval`.
    init(role: Role, metrics: ServiceMetrics, health: ServiceHealth, sampleInterval: Duration = .seconds(5)) {
        self.role = role
        self.metrics = metrics
        self.health = health
        self.sampleInterval = sampleInterval
        metrics.prepare(role: role, rejectionCodes: Rejection.codes, snapshotSkips: SnapshotReport.Skip.allCases.map(\.rawValue))
    }

    func assigned(_ partitions: [KafkaTopicPartition]) {
        metrics.rebalanced(role: role, assigned: true)
        health.setJoinedGroup(true, for: role)
        health.setPartitionsRestored(false, for: role)
    }

    func restoredRecords(fromSnapshots: Int, fromChangelogs: Int) {
        metrics.restoredRecords(role: role, fromSnapshots: fromSnapshots, fromChangelogs: fromChangelogs)
    }

    func wroteSnapshots(_ report: SnapshotReport) {
        let skipped = Dictionary(uniqueKeysWithValues: report.skipped.map { ($0.key.rawValue, $0.value) })
        metrics.wroteSnapshots(role: role, written: report.written, skipped: skipped, duration: report.duration)
    }

    func restored(_ partitions: [KafkaTopicPartition], duration: Duration) {
        metrics.restored(role: role, duration: duration)
        health.setPartitionsRestored(true, for: role)
    }

    func revoked(_ partitions: [KafkaTopicPartition]) {
        metrics.rebalanced(role: role, assigned: false)
        health.setPartitionsRestored(false, for: role)
        for partition in partitions { metrics.partitionRevoked(role: role, topic: partition.topic, partition: Int(partition.partition)) }
    }

    func processed(_ report: BatchReport) {
        for (kind, count) in report.consumed {
            metrics.eventConsumed(role: role, topic: kind.topic, type: kind.type, count: count)
        }
        for (kind, count) in report.emitted {
            metrics.eventEmitted(role: role, topic: kind.topic, type: kind.type, count: count)
        }
        for incident in report.deadLetters { metrics.deadLettered(role: role, reason: incident.reason) }
        for incident in report.rejections { metrics.rejected(role: role, reason: incident.reason) }
        metrics.processed(role: role, duration: report.duration, count: report.messages)
        metrics.messagesHeld(role: role, count: report.waiting)
        metrics.sourcePartitionsPaused(role: role, count: report.pausedSources)
        metrics.idleExpired(role: role, count: report.idleExpirations)
        metrics.sourcesRestarted(role: role, count: report.sourceRestarts)
        if report.commitDeferred { metrics.commitDeferred(role: role) }
    }

    func sampled(lag: [KafkaTopicPartition: Int64], state: StateSize) {
        for (partition, lag) in lag {
            metrics.consumerLag(role: role, topic: partition.topic, partition: Int(partition.partition), lag: lag)
        }
        metrics.stateStoreSize(role: role, entries: state.entries, bytes: state.bytes)
    }

    func left() {
        health.setJoinedGroup(false, for: role)
    }
}
