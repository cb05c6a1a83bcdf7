import CRdKafka
import Logging

/// Serves librdkafka's rebalance callback for a group consumer: runs the caller's hook,
/// drops buffered messages of revoked partitions, and applies the new assignment.
final class RebalanceHandler: @unchecked Sendable {
    let hook: (@Sendable (KafkaRebalance, KafkaConsumer) -> Void)?
    let buffer: PollBuffer
    let logger: Logger
    /// Set once, right after the consumer is created and before it first polls.
    weak var consumer: KafkaConsumer?
    /// Whether the group rebalances cooperatively, as librdkafka last said (callbacks run one
    /// at a time on the consumer's thread).
    private var cooperative = false

    init(hook: (@Sendable (KafkaRebalance, KafkaConsumer) -> Void)?, buffer: PollBuffer, logger: Logger) {
        self.hook = hook
        self.buffer = buffer
        self.logger = logger
    }

    func handle(rk: OpaquePointer, err: rd_kafka_resp_err_t, partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        let list = KafkaTopicPartition.array(from: partitions)
        cooperative = Self.isCooperative(rd_kafka_rebalance_protocol(rk), before: cooperative)
        // Partitions paused while idle would stay paused across the rebalance: fetch them again first.
        if let consumer { consumer.idleFetching?.resume(consumer) }
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            logger.info("Kafka partitions assigned", metadata: ["kafka.partitions": "\(list)"])
            if let hook, let consumer { hook(.assigned(list), consumer) }
            report(cooperative ? error(rd_kafka_incremental_assign(rk, partitions)) : error(rd_kafka_assign(rk, partitions)))
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            logger.info("Kafka partitions revoked", metadata: ["kafka.partitions": "\(list)"])
            if let hook, let consumer { hook(.revoked(list), consumer) }
            buffer.discard(Set(list))
            // A hold ends with the partition: assigned again, it is fetched from the start.
            if let consumer {
                do { try consumer.release(list) } catch { logger.warning("resuming held partitions on revocation failed: \(error)") }
            }
            report(cooperative ? error(rd_kafka_incremental_unassign(rk, partitions)) : error(rd_kafka_assign(rk, nil)))
        default:
            logger.error("Kafka rebalance failed: \(KafkaError(err))")
            buffer.discardAll()
            if let consumer { try? consumer.release(Array(consumer.heldPartitions)) }
            report(error(rd_kafka_assign(rk, nil)))
        }
    }

    /// Whether the protocol librdkafka names is cooperative. It answers NULL on error, as it did
    /// for a revocation while a consumer closed (the process crashed unwrapping it): the protocol
    /// cannot change in a consumer's life, so the one known `before` holds.
    static func isCooperative(_ name: UnsafePointer<CChar>?, before: Bool) -> Bool {
        guard let name else { return before }
        return String(cString: name) == "COOPERATIVE"
    }

    private func error(_ err: rd_kafka_resp_err_t) -> KafkaError? {
        err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(err)
    }

    private func error(_ object: OpaquePointer?) -> KafkaError? {
        object.map { KafkaError(consuming: $0) }
    }

    private func report(_ error: KafkaError?) {
        guard let error else { return }
        logger.error("Kafka assignment failed: \(error)")
    }
}
