import CRdKafka

extension KafkaProducer {
    /// Hands `message` to `rd_kafka_produceva` (librdkafka copies the bytes).
    ///
    /// The argument list lives in a stack buffer; key, value and the headers' buffer are
    /// pinned while it is built and handed over (the closures are not escaping: no dynamic
    /// exclusivity checks on the hot path). Returns librdkafka's error, if any.
    func enqueue(_ message: KafkaProducerMessage, sequence: UInt64) -> OpaquePointer? {
        withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 6 + message.headers.count) { vus in
            message.topic.withCString { topic in
                vus[0] = .argument(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topic }
                vus[1] = .argument(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
                vus[2] = .argument(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = UnsafeMutableRawPointer(bitPattern: UInt(sequence)) }
                let fixed: Int
                if let partition = message.partition {
                    vus[3] = .argument(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = partition }
                    fixed = 4
                } else {
                    fixed = 3
                }
                return withBytes(message.key) { key in
                    withBytes(message.value) { value in
                        var count = fixed
                        if let key {
                            vus[count] = .bytes(RD_KAFKA_VTYPE_KEY, key)
                            count += 1
                        }
                        if let value {
                            vus[count] = .bytes(RD_KAFKA_VTYPE_VALUE, value)
                            count += 1
                        }
                        // The names and values are pinned in the headers' one buffer.
                        return message.headers.withUnsafeRawHeaders { _, name, value in
                            vus[count] = .argument(RD_KAFKA_VTYPE_HEADER) {
                                $0.u.header.name = name
                                $0.u.header.val = value.flatMap { $0.baseAddress }
                                $0.u.header.size = value.map { $0.count } ?? -1
                            }
                            count += 1
                        } then: {
                            rd_kafka_produceva(client.handle, vus.baseAddress, count)
                        }
                    }
                }
            }
        }
    }
}

/// Calls `body` with the bytes of `array` pinned, or with `nil` when there is none.
func withBytes<R>(_ array: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBytes { body($0) }
}
