import CRdKafka
import MaintenancedTesting
import Testing

@testable import Kafka

@Suite("a librdkafka client's logs: one line per broker failure") struct ClientContextLoggingTests {
    @Test("a failure librdkafka logged (FAIL) and reports again to the error callback is logged once; other errors are logged")
    func failuresAreLoggedOnce() {
        let capture = LogCapture()
        let context = ClientContext(logger: capture.logger(label: "client"))
        let handle = OpaquePointer(bitPattern: 1)!
        let failure = "GroupCoordinator: 127.0.0.1:39097: 1 request(s) timed out: disconnect (after 28988ms in state UP)"
        "[thrd:GroupCoordinator]: \(failure)".withCString { message in
            "FAIL".withCString { context.logLibrdkafka(level: 3, facility: $0, message: message) }
        }
        failure.withCString { context.logError(rk: handle, err: RD_KAFKA_RESP_ERR__TIMED_OUT, reason: $0) }
        // The same failure again, this time not logged first: the callback's line stands.
        failure.withCString { context.logError(rk: handle, err: RD_KAFKA_RESP_ERR__TIMED_OUT, reason: $0) }
        "3/3 brokers are down".withCString { context.logError(rk: handle, err: RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, reason: $0) }
        let lines = capture.lines
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.filter { $0.contains(failure) }.count == 2, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("error Kafka: \(failure)") })
        #expect(lines.contains { $0.hasPrefix("warning Kafka: 3/3 brokers are down") })
    }
}
