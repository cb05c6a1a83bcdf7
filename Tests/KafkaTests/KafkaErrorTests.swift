import Testing

@testable import Kafka

@Suite("Which Kafka errors a group member rides out")
struct KafkaErrorTests {
    @Test(
        "a commit refused for the group's sake is a rebalance, not a failure: the offsets stay stored or the next owner redoes the work",
        arguments: [
            (27, "REBALANCE_IN_PROGRESS"), (22, "ILLEGAL_GENERATION"), (25, "UNKNOWN_MEMBER_ID"),
            // librdkafka's own code for a commit made after the member was dropped, before its partitions are revoked.
            (-142, "_ASSIGNMENT_LOST"),
        ])
    func groupRebalance(code: Int32, name: String) {
        let error = KafkaError(code: code, reason: "refused")
        #expect(error.name == name)
        #expect(error.isGroupRebalance)
    }

    @Test("other errors of a commit are not", arguments: [Int32(15), 16, -185, 7])
    func notGroupRebalance(code: Int32) {
        #expect(!KafkaError(code: code, reason: "refused").isGroupRebalance)
    }
}
