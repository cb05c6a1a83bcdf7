import CRdKafka
import Logging

extension ClientContext {
    /// Forwards one librdkafka log line (syslog level) to the logger.
    func logLibrdkafka(level: Int32, facility: UnsafePointer<CChar>?, message: UnsafePointer<CChar>?) {
        let logLevel: Logger.Level = switch level {
        case ...3: .error
        case 4: .warning
        case 5, 6: .info
        default: .debug
        }
        guard logger.logLevel <= logLevel else { return }
        let facilityText = facility.map { String(cString: $0) } ?? "-"
        logger.log(level: logLevel, "\(message.map { String(cString: $0) } ?? "")", metadata: ["rdkafka.facility": "\(facilityText)"])
    }

    /// Logs an error librdkafka reports outside any request (brokers down, fatal, …). A
    /// connection's failure (`_TRANSPORT`) is not logged here: librdkafka's own log line
    /// (facility `FAIL`) said it already, with the same text, and reaches the log at once,
    /// where this callback waits for the client's next poll (a producer or admin client
    /// serves it never).
    func logError(rk: OpaquePointer, err: rd_kafka_resp_err_t, reason: UnsafePointer<CChar>?) {
        let text = reason.map { String(cString: $0) } ?? ""
        if err == RD_KAFKA_RESP_ERR__TRANSPORT { return }
        if err == RD_KAFKA_RESP_ERR__FATAL {
            logger.critical("fatal Kafka client error: \(text)")
        } else if err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN {
            logger.warning("Kafka: \(text)", metadata: ["kafka.error": "\(String(cString: rd_kafka_err2name(err)))"])
        } else {
            logger.error("Kafka: \(text)", metadata: ["kafka.error": "\(String(cString: rd_kafka_err2name(err)))"])
        }
    }
}
