import Events

/// The records of a role's input topic (`<role>.input`): the one ordered log a role folds.
///
/// Two kinds, told apart by headers the sequencer adds:
/// - a copy of an input event, unchanged (key, value, headers) plus one header `mtd-copy`,
///   `PARTITION/OFFSET/TIME/TOPIC`: its source position (a copy appended twice carries the
///   same position, so it is applied once) and the time it was appended;
/// - a tick (`mtd-tick`), with no key and an empty value, and its time in `mtd-time`.
/// The time is the sequencer's wall clock when it appended the record: the role's clock. A
/// producer's `ce_time` is data, never the clock.
///
/// Copies written before `mtd-copy` carried the same in four headers (`mtd-source-topic`,
/// `mtd-source-partition`, `mtd-source-offset`, `mtd-time`); they are still read. One header
/// instead of four spares librdkafka an allocation per header on each side of every copy.
public enum RoleLog {
    static let copyHeader = "mtd-copy"
    static let timeHeader = "mtd-time"
    static let tickHeader = "mtd-tick"

    /// A record read back from the role's input topic.
    public enum Record: Sendable, Equatable {
        /// A copy of the event at `offset` of `partition` of `topic`; `message` is the copy as
        /// read, its headers the original's followed by the log's own (`mtd-*`), which decoding
        /// passes over: not copied again per record. `RoleLog.original(_:)` strips them.
        case event(topic: String, partition: Int32, offset: Int64, message: EventMessage, time: Int64)
        /// A tick.
        case tick(time: Int64)

        /// The role's clock at this record.
        public var time: Int64 {
            switch self {
            case let .event(_, _, _, _, time), let .tick(time): time
            }
        }
    }

    /// A copy of `message`, read at `offset` of `partition` of `topic`, appended at `time`.
    public static func copy(_ message: EventMessage, topic: String, partition: Int32, offset: Int64, time: Int64) -> EventMessage {
        var copy = message
        var topic = topic
        topic.withUTF8 { topic in
            // Three numbers of at most 20 characters, three slashes, the topic: written in place.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 3 * 20 + 3 + topic.count) { buffer in
                var index = 0
                func put(_ number: Int64) {
                    index += write(number, into: UnsafeMutableBufferPointer(rebasing: buffer[index...]))
                    buffer[index] = UInt8(ascii: "/")
                    index += 1
                }
                put(Int64(partition))
                put(offset)
                put(time)
                for byte in topic {
                    buffer[index] = byte
                    index += 1
                }
                var name = copyHeader
                name.withUTF8 { name in
                    copy.headers.append(name: UnsafeRawBufferPointer(name), value: UnsafeRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[..<index]))
                }
            }
        }
        return copy
    }

    /// Writes `number` in decimal at the start of `buffer` (room for 20 characters); the count written.
    private static func write(_ number: Int64, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var magnitude = number.magnitude
        var digits = 0
        repeat {
            digits += 1
            magnitude /= 10
        } while magnitude > 0
        let sign = number < 0 ? 1 : 0
        if sign == 1 { buffer[0] = UInt8(ascii: "-") }
        magnitude = number.magnitude
        for position in stride(from: sign + digits - 1, through: sign, by: -1) {
            buffer[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        }
        return sign + digits
    }

    /// A tick appended at `time`.
    public static func tick(time: Int64) -> EventMessage {
        EventMessage(key: nil, value: [], headers: [MessageHeader(name: tickHeader, string: "1"), MessageHeader(name: timeHeader, string: String(time))])
    }

    /// The record `message` holds; nil when it is not one the sequencer wrote. Read in the
    /// headers' buffer: only the source topic becomes a `String`.
    public static func record(_ message: EventMessage) -> Record? {
        var topic: String?
        var partition: Int32?
        var offset: Int64?
        var time: Int64?
        var tick = false
        message.headers.forEach { name, value in
            guard MessageHeaders.hasPrefix(name, "mtd-") else { return }
            let value = value ?? UnsafeRawBufferPointer(start: nil, count: 0)
            switch name.count {
            case 8 where MessageHeaders.hasPrefix(name, "mtd-copy"):
                guard let copy = Self.copy(value) else { return }
                (partition, offset, time, topic) = (copy.partition, copy.offset, copy.time, copy.topic)
            case 8 where MessageHeaders.hasPrefix(name, "mtd-time"): time = integer(value)
            case 8 where MessageHeaders.hasPrefix(name, "mtd-tick"): tick = true
            case 16 where MessageHeaders.hasPrefix(name, "mtd-source-topic"): topic = String(utf8: value)
            case 17 where MessageHeaders.hasPrefix(name, "mtd-source-offset"): offset = integer(value)
            case 20 where MessageHeaders.hasPrefix(name, "mtd-source-partition"): partition = integer(value).flatMap { Int32(exactly: $0) }
            default: break
            }
        }
        guard let time else { return nil }
        if tick { return .tick(time: time) }
        guard let topic, let partition, let offset else { return nil }
        return .event(topic: topic, partition: partition, offset: offset, message: message, time: time)
    }

    /// The parts of an `mtd-copy` value, `PARTITION/OFFSET/TIME/TOPIC`; nil when it is not one.
    static func copy(_ value: UnsafeRawBufferPointer) -> (partition: Int32, offset: Int64, time: Int64, topic: String)? {
        var start = 0
        /// The number up to the next slash, moving past it.
        func number() -> Int64? {
            guard let slash = value[start...].firstIndex(of: UInt8(ascii: "/")) else { return nil }
            defer { start = slash + 1 }
            return integer(UnsafeRawBufferPointer(rebasing: value[start..<slash]))
        }
        guard let partition = number().flatMap({ Int32(exactly: $0) }), let offset = number(), let time = number(), start < value.count,
            let topic = String(utf8: UnsafeRawBufferPointer(rebasing: value[start...]))
        else { return nil }
        return (partition, offset, time, topic)
    }

    /// The decimal integer `bytes` spell (an optional minus, then digits), as `Int64(_:)` reads it.
    static func integer(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var digits = bytes[...]
        let negative = digits.first == UInt8(ascii: "-")
        if negative || digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var result: Int64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int64(byte - UInt8(ascii: "0"))
            let (shifted, overflow) = result.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow, !overflow2 else { return nil }
            result = next
        }
        return result
    }

    /// The input event a copy carries, as it was on its source topic: without the log's headers.
    public static func original(_ message: EventMessage) -> EventMessage {
        var original = message
        original.headers.removeAll(namePrefix: "mtd-")
        return original
    }
}
