@testable import Kafka
import Testing

@Suite("The embedded cluster's sockets")
struct EmbeddedKafkaClusterTests {
    /// Without TCP_NODELAY on the mock's listeners, every request waits ~40 ms for a
    /// delayed ACK (the mock answers in several writes), which made every produce, fetch
    /// and commit against the embedded broker take 40+ ms.
    @Test("every broker's listener gets TCP_NODELAY before any client connects", arguments: [1, 3])
    func listenersHaveNoDelay(brokers: Int) throws {
        let cluster = try EmbeddedKafkaCluster(brokers: brokers, logger: testLogger)
        #expect(cluster.noDelayListeners == brokers)
    }
}
