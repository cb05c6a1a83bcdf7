import CRdKafka

/// Messages returned by one consumer poll, owned without copying.
///
/// The batch holds librdkafka's message objects and destroys them when it is
/// released; its `KafkaMessage` elements read keys, values and headers in place.
/// Copy out what must outlive the batch.
public final class KafkaMessageBatch: @unchecked Sendable, RandomAccessCollection {
    /// The `rd_kafka_message_t *` of each message, in poll order.
    let pointers: [UnsafeMutablePointer<rd_kafka_message_t>]
    /// The client the messages came from: librdkafka wants messages destroyed before their handle.
    private let client: RdKafkaClient

    init(_ pointers: [UnsafeMutablePointer<rd_kafka_message_t>], client: RdKafkaClient) {
        self.pointers = pointers
        self.client = client
    }

    deinit {
        for pointer in pointers { rd_kafka_message_destroy(pointer) }
    }

    /// The index of the first message.
    public var startIndex: Int { 0 }
    /// One past the index of the last message.
    public var endIndex: Int { pointers.count }

    /// The message at `index`; it keeps the batch alive.
    public subscript(index: Int) -> KafkaMessage {
        KafkaMessage(batch: self, pointer: pointers[index])
    }

    /// For each partition in the batch, the offset to store or commit after processing it (last offset + 1).
    public var nextOffsets: [KafkaPartitionOffset] {
        lastMessages.map { message in
            KafkaPartitionOffset(
                topic: String(cString: rd_kafka_topic_name(message.pointee.rkt)),
                partition: message.pointee.partition,
                offset: KafkaOffset(message.pointee.offset + 1)
            )
        }
    }

    /// The last message of each partition in the batch, found by handle without making strings.
    var lastMessages: [UnsafeMutablePointer<rd_kafka_message_t>] {
        var last: [UnsafeMutablePointer<rd_kafka_message_t>] = []
        for pointer in pointers {
            if let index = last.firstIndex(where: { $0.pointee.rkt == pointer.pointee.rkt && $0.pointee.partition == pointer.pointee.partition }) {
                last[index] = pointer
            } else {
                last.append(pointer)
            }
        }
        return last
    }
}
