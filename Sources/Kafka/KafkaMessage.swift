#if canImport(Glibc)
import Glibc
#endif
import CRdKafka

/// One consumed message, read in place from its batch.
///
/// The `withUnsafe…` accessors lend the key and value bytes without copying; the
/// plain properties copy them. Either way the batch stays alive while the message does.
/// Sendable because the message is never written after the poll that returned it.
public struct KafkaMessage: @unchecked Sendable {
    /// The batch that owns the librdkafka message.
    public let batch: KafkaMessageBatch
    let pointer: UnsafeMutablePointer<rd_kafka_message_t>

    init(batch: KafkaMessageBatch, pointer: UnsafeMutablePointer<rd_kafka_message_t>) {
        self.batch = batch
        self.pointer = pointer
    }

    /// The topic's name (made into a `String` on each call).
    public var topic: String { String(cString: rd_kafka_topic_name(pointer.pointee.rkt)) }
    /// The partition number.
    public var partition: Int32 { pointer.pointee.partition }
    /// The message's offset in its partition.
    public var offset: Int64 { pointer.pointee.offset }
    /// The topic and partition.
    public var topicPartition: KafkaTopicPartition { KafkaTopicPartition(topic: topic, partition: partition) }

    /// The message timestamp in milliseconds since the epoch, if it has one.
    public var timestampMilliseconds: Int64? {
        var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let value = rd_kafka_message_timestamp(pointer, &type)
        return type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : value
    }

    /// Lends the key bytes (`nil` when unkeyed) to `body`, without copying.
    public func withUnsafeKey<R, E: Error>(_ body: (UnsafeRawBufferPointer?) throws(E) -> R) throws(E) -> R {
        try withExtendedLifetime(batch) { () throws(E) -> R in
            try body(unsafeKey)
        }
    }

    /// Lends the value bytes (`nil` for a tombstone) to `body`, without copying.
    public func withUnsafeValue<R, E: Error>(_ body: (UnsafeRawBufferPointer?) throws(E) -> R) throws(E) -> R {
        try withExtendedLifetime(batch) { () throws(E) -> R in
            try body(unsafeValue)
        }
    }

    /// The key bytes in place; valid only while `batch` is alive (use `withExtendedLifetime(batch)`).
    public var unsafeKey: UnsafeRawBufferPointer? {
        pointer.pointee.key.map { UnsafeRawBufferPointer(start: $0, count: pointer.pointee.key_len) }
    }

    /// The value bytes in place; valid only while `batch` is alive (use `withExtendedLifetime(batch)`).
    public var unsafeValue: UnsafeRawBufferPointer? {
        pointer.pointee.payload.map { UnsafeRawBufferPointer(start: $0, count: pointer.pointee.len) }
    }

    /// The size of the value in bytes (0 for a tombstone).
    public var valueCount: Int { pointer.pointee.payload == nil ? 0 : pointer.pointee.len }

    /// A copy of the key bytes.
    public var key: [UInt8]? { withUnsafeKey { $0.map { Array($0) } } }
    /// A copy of the value bytes.
    public var value: [UInt8]? { withUnsafeValue { $0.map { Array($0) } } }
    /// The key decoded as UTF-8.
    public var keyString: String? { withUnsafeKey { $0.map { String(decoding: $0, as: UTF8.self) } } }
    /// The value decoded as UTF-8.
    public var valueString: String? { withUnsafeValue { $0.map { String(decoding: $0, as: UTF8.self) } } }

    /// Calls `body` with the value of the first header named `name` (nil: none, or a null
    /// value), in librdkafka's buffer: valid only during the call. (The first, as
    /// `MessageHeaders.withValue(named:_:)` reads a copy.)
    public func withHeader<R>(_ name: String, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        withExtendedLifetime(batch) {
            var list: OpaquePointer?
            guard rd_kafka_message_headers(pointer, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return body(nil) }
            var value: UnsafeRawPointer?
            var size = 0
            let found = name.withCString { rd_kafka_header_get(list, 0, $0, &value, &size) }
            guard found == RD_KAFKA_RESP_ERR_NO_ERROR, let value else { return body(nil) }
            return body(UnsafeRawBufferPointer(start: value, count: size))
        }
    }

    /// A copy of the value of the first header named `name` (nil: none, or a null value),
    /// read without copying the others.
    public func header(_ name: String) -> [UInt8]? {
        withHeader(name) { $0.map { Array($0) } }
    }

    /// Calls `body` with each header's name and value (nil: a null value) in order, in
    /// librdkafka's buffers: valid only during the call. For readers that look at the headers
    /// without copying them (`headers` copies them all into one `MessageHeaders` buffer).
    public func forEachHeader(_ body: (UnsafePointer<CChar>, UnsafeRawBufferPointer?) throws -> Void) rethrows {
        try withExtendedLifetime(batch) {
            var list: OpaquePointer?
            guard rd_kafka_message_headers(pointer, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return }
            var index = 0
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            while rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR, let name {
                try body(name, value.map { UnsafeRawBufferPointer(start: $0, count: size) })
                index += 1
            }
        }
    }

    /// The number of headers.
    public var headerCount: Int {
        withExtendedLifetime(batch) {
            var list: OpaquePointer?
            guard rd_kafka_message_headers(pointer, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return 0 }
            return rd_kafka_header_cnt(list)
        }
    }

    /// A copy of the headers, in order, in one buffer.
    public var headers: MessageHeaders {
        var result = MessageHeaders()
        var bytes = 0
        forEachHeader { name, value in bytes += strlen(name) + (value?.count ?? 0) }
        result.reserveCapacity(headers: headerCount, bytes: bytes)
        forEachHeader { name, value in result.append(name: UnsafeRawBufferPointer(start: name, count: strlen(name)), value: value) }
        return result
    }
}
