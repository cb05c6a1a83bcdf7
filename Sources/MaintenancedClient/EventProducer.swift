import Contracts
import Events
import Kafka
import Logging
import Synchronization

/// Sends catalogued events as CloudEvents in binary mode, each to its topic and to
/// the partition Kafka's murmur2 gives its key — the partition every maintenanced
/// consumer expects it on. Used by the request CLI, the simulator and the tests.
public final class EventProducer: Sendable {
    /// Where an event went.
    public struct Sent: Sendable, Hashable, CustomStringConvertible {
        public var type: String
        public var id: String
        public var topic: String
        public var partition: Int32
        public var key: String

        public var description: String { "sent \(type) id=\(id) to \(topic)[\(partition)] key=\(key)" }
    }

    /// Why an event was not sent.
    public enum Failure: Error, CustomStringConvertible {
        /// It would not pass the service's own input checks.
        case invalid(EventDecodingError)
        /// The topic does not exist on the cluster.
        case unknownTopic(String)

        public var description: String {
            switch self {
            case .invalid(let error): "the event would be dead-lettered: \(error)"
            case .unknownTopic(let topic): "topic \(topic) does not exist on the cluster (run: maintenanced topics apply)"
            }
        }
    }

    let producer: KafkaProducer
    let admin: KafkaAdmin
    let codec = CloudEventCodec()
    private let partitionCounts = Mutex<[String: Int32]>([:])

    /// A producer for the cluster `configuration` points at.
    public init(configuration: KafkaConfiguration, logger: Logger) throws(KafkaError) {
        producer = try KafkaProducer(configuration: configuration.withServicePartitioner(), logger: logger)
        admin = try KafkaAdmin(configuration: configuration, logger: logger)
    }

    /// The number of partitions of `topic`, asked once and remembered.
    public func partitionCount(of topic: String) async throws -> Int32 {
        if let known = partitionCounts.withLock({ $0[topic] }) { return known }
        let descriptions = try await admin.describeTopics([topic], includeConfigs: false)
        guard let count = descriptions.first?.partitions.count, count > 0 else { throw Failure.unknownTopic(topic) }
        partitionCounts.withLock { $0[topic] = Int32(count) }
        return Int32(count)
    }

    /// Checks `event` as a consumer would, and enqueues it; `await flush()` for delivery.
    public func enqueue(_ event: OutgoingEvent, id: String, source: String, time: Int64, partition: Int32? = nil) async throws -> Sent {
        let cloudEvent = event.cloudEvent(id: id, source: source, time: time)
        do {
            _ = try InboundEvent(event: cloudEvent, topic: event.topic, key: Array(event.key.utf8))
        } catch {
            throw Failure.invalid(error)
        }
        var target = partition
        if target == nil { target = Partitioner.partition(of: event.key, count: try await partitionCount(of: event.topic)) }
        let message = codec.encode(cloudEvent, key: event.key)
        _ = try await producer.send(message.producerMessage(topic: event.topic, partition: target))
        return Sent(type: event.type, id: id, topic: event.topic, partition: target ?? 0, key: event.key)
    }

    /// Sends `event` and waits for its delivery.
    public func send(_ event: OutgoingEvent, id: String, source: String, time: Int64, partition: Int32? = nil) async throws -> Sent {
        let sent = try await enqueue(event, id: id, source: source, time: time, partition: partition)
        try await producer.flush()
        return sent
    }

    /// Waits until everything enqueued is delivered; throws the first failure.
    public func flush() async throws {
        try await producer.flush()
    }

    /// Flushes and stops the producer.
    public func close() async throws {
        try await producer.close()
    }
}
