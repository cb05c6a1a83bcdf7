import CRdKafka
import Logging

/// One `rd_kafka_t` handle with this package's callbacks installed: logs and errors
/// go to the caller's `Logger`, delivery reports to the producer's tracker, rebalances
/// to the consumer, and results of queue-based calls to their awaiting tasks.
final class RdKafkaClient: @unchecked Sendable {
    /// The `rd_kafka_t *`.
    let handle: OpaquePointer
    let context: ClientContext
    /// librdkafka's background queue, present when created with `backgroundEvents`.
    let backgroundQueue: OpaquePointer?

    init(
        type: rd_kafka_type_t,
        configuration: KafkaConfiguration,
        context: ClientContext,
        backgroundEvents: Bool
    ) throws(KafkaError) {
        let conf = try Self.makeConf(configuration)
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(context).toOpaque())
        rd_kafka_conf_set_log_cb(conf) { rk, level, facility, message in
            ClientContext.from(rd_kafka_opaque(rk)).logLibrdkafka(level: level, facility: facility, message: message)
        }
        rd_kafka_conf_set_error_cb(conf) { rk, err, reason, opaque in
            ClientContext.from(opaque).logError(rk: rk!, err: rd_kafka_resp_err_t(err), reason: reason)
        }
        if context.deliveries != nil {
            // Delivery reports arrive as events of many messages each, read by the producer's poll loop.
            rd_kafka_conf_set_events(conf, RD_KAFKA_EVENT_DR)
        }
        if context.rebalance != nil {
            rd_kafka_conf_set_rebalance_cb(conf) { rk, err, partitions, opaque in
                ClientContext.from(opaque).rebalance!(rk!, err, partitions!)
            }
        }
        if backgroundEvents {
            rd_kafka_conf_set_background_event_cb(conf) { _, event, _ in
                BackgroundEvent.dispatch(event!)
            }
        }
        var errstr = [CChar](repeating: 0, count: 512)
        guard let handle = Self.withTimerSlack({ rd_kafka_new(type, conf, &errstr, errstr.count) }) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError.invalidArgument(String(cBuffer: errstr))
        }
        self.handle = handle
        self.context = context
        self.backgroundQueue = backgroundEvents ? rd_kafka_queue_get_background(handle) : nil
    }

    deinit {
        if let backgroundQueue { rd_kafka_queue_destroy(backgroundQueue) }
        rd_kafka_destroy(handle)
    }

    /// The client's fatal error, if one was raised.
    var fatalError: KafkaError? {
        var errstr = [CChar](repeating: 0, count: 512)
        let err = rd_kafka_fatal_error(handle, &errstr, errstr.count)
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        var error = KafkaError(err, reason: String(cBuffer: errstr))
        error.isFatal = true
        return error
    }

    /// Builds an `rd_kafka_conf_t`; an invalid property's error never shows a secret value.
    private static func makeConf(_ configuration: KafkaConfiguration) throws(KafkaError) -> OpaquePointer {
        let conf = rd_kafka_conf_new()!
        for (key, value) in configuration.properties {
            if let problem = KafkaConfiguration.set(key, to: value, in: conf) {
                rd_kafka_conf_destroy(conf)
                throw KafkaError.invalidArgument("configuration: \(problem)")
            }
        }
        return conf
    }

    /// The end offsets of `partitions` with one ListOffsets request per leader; blocks the
    /// thread up to `timeout`. A partition that could not be asked is left out. Works for
    /// producers and consumers alike.
    func endOffsets(of partitions: [KafkaTopicPartition], timeout: Duration) throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        try listOffsets(of: partitions, at: Int64(RD_KAFKA_OFFSET_END), named: "end", timeout: timeout)
    }

    /// The offsets where `partitions` start now (their oldest record kept, or their end when
    /// they hold none), as `endOffsets(of:timeout:)` asks.
    func startOffsets(of partitions: [KafkaTopicPartition], timeout: Duration) throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        try listOffsets(of: partitions, at: Int64(RD_KAFKA_OFFSET_BEGINNING), named: "start", timeout: timeout)
    }

    /// ListOffsets for `partitions` at the logical offset `position` (end or beginning).
    private func listOffsets(of partitions: [KafkaTopicPartition], at position: Int64, named name: String, timeout: Duration) throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        try KafkaTopicPartition.withList(partitions, offset: { _ in position }) { list throws(KafkaError) in
            let err = rd_kafka_offsets_for_times(handle, list, timeout.milliseconds)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(err, reason: "asking the \(name) offsets of \(partitions.count) partitions: \(String(cString: rd_kafka_err2str(err)))")
            }
            var ends: [KafkaTopicPartition: Int64] = [:]
            for index in 0..<Int(list.pointee.cnt) {
                let element = list.pointee.elems[index]
                guard element.err == RD_KAFKA_RESP_ERR_NO_ERROR, element.offset >= 0 else { continue }
                ends[KafkaTopicPartition(topic: String(cString: element.topic), partition: element.partition)] = element.offset
            }
            return ends
        }
    }
}
