import Events
import Kafka

extension EventMessage {
    /// The key, value and headers of a consumed message, copied out of librdkafka's buffer
    /// (the headers into one buffer).
    public init(_ message: KafkaMessage) {
        self.init(key: message.key, value: message.value ?? [], headers: message.headers)
    }

    /// The message to produce to `topic` (at `partition`, or the key's partition when nil);
    /// it shares the key, value and headers' buffers.
    public func producerMessage(topic: String, partition: Int32? = nil) -> KafkaProducerMessage {
        KafkaProducerMessage(topic: topic, partition: partition, key: key, value: value, headers: headers)
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
