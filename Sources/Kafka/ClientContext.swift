import CRdKafka
import Logging
import Synchronization

/// The Swift side of one librdkafka client, reached from C callbacks through the
/// configuration's opaque pointer.
///
/// Everything is set before `rd_kafka_new` and never changed after, so the
/// callbacks may read it from librdkafka's threads without locks (but for the recent
/// failure lines, behind their own mutex).
final class ClientContext: @unchecked Sendable {
    let logger: Logger
    /// The texts of the last broker failures librdkafka logged (facility FAIL), which its error
    /// callback reports again later: `logError` logs those once (`ClientContext+Logging`).
    let recentFailures = Mutex<[String]>([])
    /// The producer's delivery bookkeeping; set on producers only.
    let deliveries: DeliveryTracker?
    /// Called from the rebalance callback; set on group consumers only.
    let rebalance: (@Sendable (OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> Void)?

    init(
        logger: Logger,
        deliveries: DeliveryTracker? = nil,
        rebalance: (@Sendable (OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> Void)? = nil
    ) {
        self.logger = logger
        self.deliveries = deliveries
        self.rebalance = rebalance
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> ClientContext {
        Unmanaged<ClientContext>.fromOpaque(opaque!).takeUnretainedValue()
    }
}
