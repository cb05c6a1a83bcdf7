import Events

extension RoleLog {
    static let bundleHeader = "mtd-bundle"
    /// The bundle format's version: the value of `mtd-bundle`.
    public static let bundleVersion = "1"
    /// What a bundle holds at most before the sequencer starts another (one entry larger than
    /// this goes alone): well under the 1 MB a Kafka broker takes by default per message.
    public static let bundleLimit = 256 * 1024

    /// One record of the role log holding several, in order: what the sequencer appends to a
    /// log partition in one round, copies and a tick, instead of a message each (a message
    /// costs the writer, the broker and the reader far more than its bytes: BENCHMARKS.md,
    /// session 24). The log's positions are the bundle's offset and the entry's index in it.
    ///
    /// The record has no key, one header `mtd-bundle` (the format's version) and the entries
    /// back to back in its value, little-endian:
    /// - a tick: kind `0`, its time (8 bytes);
    /// - a copy: kind `1`, its time (8), its source partition (4) and offset (8), the source
    ///   topic (length in 2, bytes), the key (length in 4, -1 for none, bytes), the value
    ///   (length in 4, bytes), the headers as `MessageHeaders` packs them (length in 4, bytes);
    /// - a source's restart (`Record.restart`): kind `2`, its time (8), the source partition (4),
    ///   the offset it starts again at (8) and that record's Kafka timestamp (8), the source
    ///   topic (length in 2, bytes). Builds before it read a bundle holding one as broken.
    /// The entries' messages are the events as they were on their source topics: the bundle's
    /// positions are its own, not headers added to each copy.
    public struct Bundle: Sendable {
        /// The entries, in order.
        public private(set) var records: [Record] = []
        /// The record's value so far.
        private var bytes: [UInt8] = []

        public init() {}

        /// How many bytes its value holds.
        public var byteCount: Int { bytes.count }
        public var isEmpty: Bool { records.isEmpty }

        /// The bytes `record` takes in a bundle's value.
        public static func byteCount(of record: Record) -> Int {
            switch record {
            case .tick: 9
            case let .restart(topic, _, _, _, _): 31 + topic.utf8.count
            case let .event(topic, _, _, message, _):
                35 + topic.utf8.count + (message.key?.count ?? 0) + message.value.count + message.headers.withPackedBytes(\.count)
            }
        }

        /// Appends `record`: a copy's message is the event as it was on its source topic.
        public mutating func append(_ record: Record) {
            let start = bytes.count
            let size = Self.byteCount(of: record)
            // Grown geometrically (an exact `reserveCapacity` per entry would copy the bundle each
            // time), then written in place with plain copies.
            if bytes.capacity < start + size { bytes.reserveCapacity(Swift.max(start + size, 2 * bytes.capacity)) }
            bytes.append(contentsOf: repeatElement(0, count: size))
            bytes.withUnsafeMutableBytes { buffer in
                var offset = start
                func put<Number: FixedWidthInteger>(_ number: Number) {
                    buffer.storeBytes(of: number.littleEndian, toByteOffset: offset, as: Number.self)
                    offset += MemoryLayout<Number>.size
                }
                func put(_ bytes: UnsafeRawBufferPointer) {
                    if let base = bytes.baseAddress, bytes.count > 0 { (buffer.baseAddress! + offset).copyMemory(from: base, byteCount: bytes.count) }
                    offset += bytes.count
                }
                func put(topic: String) {
                    var topic = topic
                    topic.withUTF8 { name in
                        put(UInt16(truncatingIfNeeded: name.count))
                        put(UnsafeRawBufferPointer(name))
                    }
                }
                switch record {
                case let .tick(time):
                    put(UInt8(0))
                    put(time)
                case let .restart(topic, partition, sourceOffset, timestamp, time):
                    put(UInt8(2))
                    put(time)
                    put(partition)
                    put(sourceOffset)
                    put(timestamp)
                    put(topic: topic)
                case let .event(topic, partition, sourceOffset, message, time):
                    put(UInt8(1))
                    put(time)
                    put(partition)
                    put(sourceOffset)
                    put(topic: topic)
                    if let key = message.key {
                        put(Int32(truncatingIfNeeded: key.count))
                        key.withUnsafeBytes { put($0) }
                    } else {
                        put(Int32(-1))
                    }
                    put(Int32(truncatingIfNeeded: message.value.count))
                    message.value.withUnsafeBytes { put($0) }
                    message.headers.withPackedBytes { packed in
                        put(Int32(truncatingIfNeeded: packed.count))
                        put(packed)
                    }
                }
                assert(offset == start + size)
            }
            records.append(record)
        }

        /// The record to append.
        public var message: EventMessage {
            EventMessage(key: nil, value: bytes, headers: [MessageHeader(name: RoleLog.bundleHeader, string: RoleLog.bundleVersion)])
        }
    }

    /// What a record of the role log holds: a bundle's entries, or one record as written
    /// before bundles (a copy or a tick). Nil when it is not one the sequencer wrote.
    public enum Contents: Sendable, Equatable {
        case bundle([Record])
        case single(Record)

        /// The records, in order.
        public var records: [Record] {
            switch self {
            case let .bundle(records): records
            case let .single(record): [record]
            }
        }
    }

    /// What `message`, read from the role log, holds; nil when the sequencer did not write it
    /// (or a bundle of another version, or broken).
    public static func contents(_ message: EventMessage) -> Contents? {
        let version = message.headers.withValue(named: "mtd-bundle") { $0.map { String(decoding: $0, as: UTF8.self) } }
        guard let version else { return record(message).map { .single($0) } }
        guard version == bundleVersion else { return nil }
        return message.value.withUnsafeBytes { entries($0) }.map { .bundle($0) }
    }

    /// The entries packed in a bundle's value; nil if it is broken.
    static func entries(_ bytes: UnsafeRawBufferPointer) -> [Record]? {
        var records: [Record] = []
        var offset = 0
        // A bundle's copies come from a handful of topics: each name is made a `String` once.
        var topics: [(bytes: UnsafeRawBufferPointer, name: String)] = []
        func take<Number: FixedWidthInteger>(_: Number.Type) -> Number? {
            guard offset + MemoryLayout<Number>.size <= bytes.count else { return nil }
            defer { offset += MemoryLayout<Number>.size }
            return Number(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Number.self))
        }
        func take(_ count: Int) -> UnsafeRawBufferPointer? {
            guard count >= 0, offset + count <= bytes.count else { return nil }
            defer { offset += count }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
        }
        func takeTopic() -> String? {
            guard let count = take(UInt16.self), let name = take(Int(count)) else { return nil }
            if let known = topics.first(where: { MessageHeaders.equal($0.bytes, name) }) { return known.name }
            guard let topic = String(utf8: name), !topic.isEmpty else { return nil }
            topics.append((name, topic))
            return topic
        }
        while offset < bytes.count {
            guard let kind = take(UInt8.self), let time = take(Int64.self) else { return nil }
            switch kind {
            case 0:
                records.append(.tick(time: time))
            case 1:
                guard let partition = take(Int32.self), partition >= 0, let sourceOffset = take(Int64.self),
                    let topic = takeTopic(), let keyCount = take(Int32.self)
                else { return nil }
                var key: [UInt8]?
                if keyCount != -1 {
                    guard let bytes = take(Int(keyCount)) else { return nil }
                    key = Array(bytes)
                }
                guard let valueCount = take(Int32.self), let value = take(Int(valueCount)),
                    let headersCount = take(Int32.self), let packed = take(Int(headersCount)), let headers = MessageHeaders(packed: packed)
                else { return nil }
                records.append(.event(topic: topic, partition: partition, offset: sourceOffset, message: EventMessage(key: key, value: Array(value), headers: headers), time: time))
            case 2:
                guard let partition = take(Int32.self), partition >= 0, let sourceOffset = take(Int64.self), sourceOffset >= 0,
                    let timestamp = take(Int64.self), let topic = takeTopic()
                else { return nil }
                records.append(.restart(topic: topic, partition: partition, offset: sourceOffset, timestamp: timestamp, time: time))
            default:
                return nil
            }
        }
        return records.isEmpty ? nil : records
    }
}
