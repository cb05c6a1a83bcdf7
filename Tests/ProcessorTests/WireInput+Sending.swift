import Kafka
import MaintenancedTesting
import Testing

extension WireInput {
    /// Produces the input with `producer` and waits until `watcher`'s group committed past
    /// it: the runner of that group has appended it to its log.
    func send(with producer: KafkaProducer, awaitingCommitOf watcher: KafkaConsumer) async throws {
        let ticket = try await producer.send(
            KafkaProducerMessage(
                topic: topic, partition: consumedPartition, key: message.key, value: message.value,
                headers: message.headers),
            keepingOffset: true)
        try await producer.flush()
        let offset = try #require(producer.deliveredPosition(of: ticket)?.offset)
        let source = KafkaTopicPartition(topic: topic, partition: consumedPartition)
        try await waitUntil("\(topic)[\(consumedPartition)]@\(offset) committed") {
            ((try? await watcher.committed(for: [source]))?.first?.offset.rawValue ?? -1) > offset
        }
    }
}
