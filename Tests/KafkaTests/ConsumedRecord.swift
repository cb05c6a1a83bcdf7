import Kafka

/// A consumed message copied out of its batch.
struct ConsumedRecord: Hashable, Sendable {
    var topic: String
    var partition: Int32
    var offset: Int64
    var key: String?
    var value: String?
    var headers: [MessageHeader]
    /// The headers as `forEachHeader` reads them in place, with `headerCount`: the same as `headers`.
    var headersInPlace: [MessageHeader]
    var headerCount: Int

    init(_ message: KafkaMessage) {
        topic = message.topic
        partition = message.partition
        offset = message.offset
        key = message.keyString
        value = message.valueString
        headers = Array(message.headers)
        var inPlace: [MessageHeader] = []
        message.forEachHeader { name, value in inPlace.append(MessageHeader(name: String(cString: name), value: value.map { Array($0) })) }
        headersInPlace = inPlace
        headerCount = message.headerCount
    }
}
