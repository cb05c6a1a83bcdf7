import CRdKafka

extension KafkaProducer {
    /// Hands `message` to `rd_kafka_produceva` (librdkafka copies the bytes).
    ///
    /// The argument list lives in a stack buffer; header names and values are pinned
    /// one by one while the list is built. Returns librdkafka's error, if any.
    func enqueue(_ message: KafkaProducerMessage, sequence: UInt64) -> OpaquePointer? {
        withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 6 + message.headers.count) { vus in
            message.topic.withCString { topic in
                var count = 0
                func append(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
                    var vu = rd_kafka_vu_t()
                    vu.vtype = type
                    fill(&vu)
                    vus[count] = vu
                    count += 1
                }
                append(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topic }
                append(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
                append(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = UnsafeMutableRawPointer(bitPattern: UInt(sequence)) }
                if let partition = message.partition {
                    append(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = partition }
                }
                return withBytes(message.key) { key in
                    if let key {
                        append(RD_KAFKA_VTYPE_KEY) { $0.u.mem = .init(ptr: UnsafeMutableRawPointer(mutating: key.baseAddress), size: key.count) }
                    }
                    return withBytes(message.value) { value in
                        if let value {
                            append(RD_KAFKA_VTYPE_VALUE) { $0.u.mem = .init(ptr: UnsafeMutableRawPointer(mutating: value.baseAddress), size: value.count) }
                        }
                        return withHeaders(message.headers[...], vus: vus, count: count) { total in
                            rd_kafka_produceva(client.handle, vus.baseAddress, total)
                        }
                    }
                }
            }
        }
    }

    /// Appends one header argument per header, pinning each name and value, then calls `body` with the count.
    private func withHeaders<R>(
        _ headers: ArraySlice<KafkaHeader>,
        vus: UnsafeMutableBufferPointer<rd_kafka_vu_t>,
        count: Int,
        _ body: (Int) -> R
    ) -> R {
        guard let header = headers.first else { return body(count) }
        return header.key.withCString { name in
            withBytes(header.value) { value in
                var vu = rd_kafka_vu_t()
                vu.vtype = RD_KAFKA_VTYPE_HEADER
                vu.u.header.name = name
                vu.u.header.val = value.flatMap { UnsafeRawPointer($0.baseAddress) }
                vu.u.header.size = value.map { $0.count } ?? -1
                vus[count] = vu
                return withHeaders(headers.dropFirst(), vus: vus, count: count + 1, body)
            }
        }
    }
}

/// Calls `body` with the bytes of `array` pinned, or with `nil` when there is none.
func withBytes<R>(_ array: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBytes { body($0) }
}
