import CRdKafka
import Foundation
@testable import Kafka
import Synchronization
import Testing

@Suite("The embedded cluster's sockets and teardown", .timeLimit(.minutes(2)))
struct EmbeddedKafkaClusterTests {
    /// Without TCP_NODELAY on the mock's listeners, every request waits ~40 ms for a
    /// delayed ACK (the mock answers in several writes), which made every produce, fetch
    /// and commit against the embedded broker take 40+ ms.
    @Test("every broker's listener gets TCP_NODELAY before any client connects", arguments: [1, 3])
    func listenersHaveNoDelay(brokers: Int) throws {
        let cluster = try EmbeddedKafkaCluster(brokers: brokers, logger: testLogger)
        #expect(cluster.noDelayListeners == brokers)
    }

    @Test("a dropped cluster is torn down: its listener stops accepting connections")
    func droppedClusterCloses() async throws {
        var cluster: EmbeddedKafkaCluster? = try EmbeddedKafkaCluster(logger: testLogger)
        let port = try #require(cluster?.bootstrapServers.split(separator: ":").last.flatMap { UInt16($0) })
        #expect(Self.accepts(port: port))
        cluster = nil
        var closed = false
        for _ in 0..<100 where !closed {
            closed = !Self.accepts(port: port)
            if !closed { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(closed, "port \(port) still accepts connections 10 s after the cluster was dropped")
    }

    /// `KafkaThread.detach` is what keeps the mock's slow destroy off a task's thread.
    @Test("detach returns before its body ends, and the body runs on a thread of its own")
    func detachDoesNotWait() {
        let released = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let seen = Mutex<(released: Bool, thread: String)?>(nil)
        KafkaThread.detach(name: "detach-test") {
            // Released only after detach has returned to the caller below.
            let wasReleased = released.wait(timeout: .now() + 10) == .success
            seen.withLock { $0 = (wasReleased, KafkaPartitionReaderTests.threadName()) }
            finished.signal()
        }
        released.signal()
        #expect(finished.wait(timeout: .now() + 20) == .success)
        let result = seen.withLock { $0 }
        #expect(result?.released == true, "detach waited for its body")
        #expect(result?.thread == "detach-test")
    }

    /// The mock's commands (a topic created, a broker taken down, a leader moved) wait until the
    /// mock's own thread has carried them out: seconds while it serves a heavy load, during which
    /// two such waits on the cooperative pool held every thread a 2-core test run has.
    @Test("the mock's commands wait on a thread of their own, and a refused one throws, naming what was asked")
    func commandsWaitOffThePool() async throws {
        let cluster = try EmbeddedKafkaCluster(logger: testLogger)
        let seen = Mutex<String?>(nil)
        try await cluster.command("probing") { _ in
            seen.withLock { $0 = KafkaPartitionReaderTests.threadName() }
            return RD_KAFKA_RESP_ERR_NO_ERROR
        }
        #expect(seen.withLock { $0 } == "kafka-mock")
        let topic = uniqueName("twice")
        try await cluster.createTopic(topic, partitions: 1)
        let error = await #expect(throws: KafkaError.self) { try await cluster.createTopic(topic, partitions: 1) }
        #expect(error?.description.contains("creating topic \(topic) in the embedded cluster") == true, "\(String(describing: error))")
    }

    /// Whether a TCP connection to `port` on loopback is accepted.
    static func accepts(port: UInt16) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0
    }
}
