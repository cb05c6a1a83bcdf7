import Events
import Kafka

extension EventMessage {
    /// The key, value and headers of a consumed message, copied out of librdkafka's buffer.
    public init(_ message: KafkaMessage) {
        var headers: [EventHeader] = []
        headers.reserveCapacity(message.headerCount)
        message.forEachHeader { name, value in headers.append(EventHeader(name: String(cString: name), value: value.map { Array($0) } ?? [])) }
        self.init(key: message.key, value: message.value ?? [], headers: headers)
    }

    /// The message to produce to `topic` (at `partition`, or the key's partition when nil).
    public func producerMessage(topic: String, partition: Int32? = nil) -> KafkaProducerMessage {
        KafkaProducerMessage(
            topic: topic, partition: partition, key: key, value: value,
            headers: headers.map { KafkaHeader(key: $0.name, value: $0.value) }
        )
    }
}

extension KafkaConfiguration {
    /// Producers of maintenanced partition keys as Kafka's Java client does (murmur2),
    /// so that a server id lands on the same partition number on every topic.
    public func withServicePartitioner() -> KafkaConfiguration {
        var configuration = self
        if configuration["partitioner"] == nil { configuration["partitioner"] = "murmur2_random" }
        return configuration
    }
}
