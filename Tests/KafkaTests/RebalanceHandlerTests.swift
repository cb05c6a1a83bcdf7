import Testing

@testable import Kafka

@Suite("Rebalance callbacks")
struct RebalanceHandlerTests {
    @Test("the rebalance protocol librdkafka names decides the (un)assign calls; when it answers NULL (on error, as while a consumer closes) the one known before holds, no crash")
    func protocolName() {
        #expect("COOPERATIVE".withCString { RebalanceHandler.isCooperative($0, before: false) })
        #expect(!"EAGER".withCString { RebalanceHandler.isCooperative($0, before: true) })
        #expect(!"NONE".withCString { RebalanceHandler.isCooperative($0, before: false) })
        #expect(RebalanceHandler.isCooperative(nil, before: true))
        #expect(!RebalanceHandler.isCooperative(nil, before: false))
    }
}
