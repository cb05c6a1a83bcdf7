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
        let text = message.map { String(cString: $0) } ?? ""
        if facilityText == "FAIL" {
            recentFailures.withLock { failures in
                failures.append(text)
                if failures.count > Self.recentFailureLimit { failures.removeFirst(failures.count - Self.recentFailureLimit) }
            }
        }
        logger.log(level: logLevel, "\(text)", metadata: ["rdkafka.facility": "\(facilityText)"])
    }

    /// How many failure lines `recentFailures` keeps.
    static let recentFailureLimit = 32

    /// Logs an error librdkafka reports outside any request (brokers down, fatal, …). A
    /// broker's failure (a refused connection, requests timed out) is not logged here when
    /// librdkafka's own log line (facility `FAIL`, `[thrd:…]: ` and the same text) said it
    /// already: that line reaches the log at once, where this callback waits for the
    /// client's next poll (a producer or admin client serves it never).
    func logError(rk: OpaquePointer, err: rd_kafka_resp_err_t, reason: UnsafePointer<CChar>?) {
        let text = reason.map { String(cString: $0) } ?? ""
        let logged = recentFailures.withLock { failures in
            guard let index = failures.lastIndex(where: { $0.hasSuffix(text) }) else { return false }
            failures.remove(at: index)
            return true
        }
        if logged, !text.isEmpty, err != RD_KAFKA_RESP_ERR__FATAL { return }
        if err == RD_KAFKA_RESP_ERR__FATAL {
            logger.critical("fatal Kafka client error: \(text)")
        } else if err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN {
            logger.warning("Kafka: \(text)", metadata: ["kafka.error": "\(String(cString: rd_kafka_err2name(err)))"])
        } else {
            logger.error("Kafka: \(text)", metadata: ["kafka.error": "\(String(cString: rd_kafka_err2name(err)))"])
        }
    }
}
