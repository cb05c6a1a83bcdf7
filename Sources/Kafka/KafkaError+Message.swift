import CRdKafka

extension KafkaError {
    /// The error carried by a consumed message that reports one.
    init(message: UnsafeMutablePointer<rd_kafka_message_t>) {
        var reason = String(cString: rd_kafka_err2str(message.pointee.err))
        if let rkt = message.pointee.rkt {
            reason = "\(String(cString: rd_kafka_topic_name(rkt)))[\(message.pointee.partition)]: \(reason)"
        }
        if let detail = rd_kafka_message_errstr(message) {
            reason += " (\(String(cString: detail)))"
        }
        self.init(message.pointee.err, reason: reason)
    }
}
