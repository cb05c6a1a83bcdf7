import Events

/// The records of a role's input topic (`<role>.input`): the one ordered log a role folds.
///
/// Two kinds, told apart by headers the sequencer adds:
/// - a copy of an input event, unchanged (key, value, headers) plus its source position
///   (`mtd-source-topic`, `mtd-source-partition`, `mtd-source-offset`): a copy appended
///   twice carries the same position, so it is applied once;
/// - a tick (`mtd-tick`), with no key and an empty value: time passes.
/// Both carry `mtd-time`, the sequencer's wall clock when it appended them: the role's
/// clock. A producer's `ce_time` is data, never the clock.
public enum RoleLog {
    static let sourceTopicHeader = "mtd-source-topic"
    static let sourcePartitionHeader = "mtd-source-partition"
    static let sourceOffsetHeader = "mtd-source-offset"
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
        copy.headers.append(name: sourceTopicHeader, string: topic)
        copy.headers.append(name: sourcePartitionHeader, string: String(partition))
        copy.headers.append(name: sourceOffsetHeader, string: String(offset))
        copy.headers.append(name: timeHeader, string: String(time))
        return copy
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
