import Kafka

/// A consumed message copied out of its batch.
struct ConsumedRecord: Hashable, Sendable {
    var topic: String
    var partition: Int32
    var offset: Int64
    var key: String?
    var value: String?
    var headers: [KafkaHeader]

    init(_ message: KafkaMessage) {
        topic = message.topic
        partition = message.partition
        offset = message.offset
        key = message.keyString
        value = message.valueString
        headers = message.headers
    }
}
