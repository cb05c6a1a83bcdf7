import CRdKafka
import Testing

@testable import Kafka

@Suite("Which Kafka errors a group member rides out")
struct KafkaErrorTests {
    @Test(
        "a commit refused or lost while the group or the way to it is in flux waits for the next commit: the offsets stay stored or the next owner redoes the work",
        arguments: [
            (27, "REBALANCE_IN_PROGRESS"), (22, "ILLEGAL_GENERATION"), (25, "UNKNOWN_MEMBER_ID"),
            // librdkafka's own code for a commit made after the member was dropped, before its partitions are revoked.
            (-142, "_ASSIGNMENT_LOST"),
            // The coordinator unknown (a broker down, the coordinator moving: seen in the fleet test's faults), moving or loading.
            (-180, "_WAIT_COORD"), (15, "COORDINATOR_NOT_AVAILABLE"), (16, "NOT_COORDINATOR"), (14, "COORDINATOR_LOAD_IN_PROGRESS"),
        ])
    func deferred(code: Int32, name: String) {
        let error = KafkaError(code: code, reason: "refused")
        #expect(error.name == name)
        #expect(error.defersCommit)
    }

    @Test("so does a commit whose request did not get through (librdkafka's retriable errors)", arguments: [
        RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
    ])
    func lostOnTheWay(code: rd_kafka_resp_err_t) {
        #expect(KafkaError(code).defersCommit)
    }

    @Test(
        "errors that waiting does not mend stop the member: a refused authorization, an invalid group, offsets the broker refuses, a fatal client",
        arguments: [Int32(30), 29, 24, 12, 28])
    func notDeferred(code: Int32) {
        #expect(!KafkaError(code: code, reason: "refused").defersCommit)
        #expect(!KafkaError(code: 27, reason: "fenced", isFatal: true).defersCommit)
    }
}
