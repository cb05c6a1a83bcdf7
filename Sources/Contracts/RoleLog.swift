import Events

/// The records of a role's input topic (`<role>.input`): the one ordered log a role folds.
///
/// The sequencer appends bundles (`RoleLog.Bundle`): per round and log partition one record
/// holding the round's copies and tick. Before bundles it appended a record per copy and
/// per tick; those are still read (`contents(_:)`, `record(_:)`), told apart by headers:
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
    public static let copyHeader = "mtd-copy"
    public static let timeHeader = "mtd-time"
    public static let tickHeader = "mtd-tick"

    /// A record read back from the role's input topic.
    public enum Record: Sendable, Equatable {
        /// A copy of the event at `offset` of `partition` of `topic`. In a bundle `message` is
        /// the event as it was on its source topic; in a copy written before bundles it is the
        /// copy as read, its headers the original's followed by the log's own (`mtd-*`), which
        /// decoding passes over. `RoleLog.original(_:)` strips them.
        case event(topic: String, partition: Int32, offset: Int64, message: EventMessage, time: Int64)
        /// A tick.
        case tick(time: Int64)
        /// Partition `partition` of `topic` starts again at `offset`, below where it had been
        /// read (the topic deleted and created again, or truncated): its copies from `offset` on
        /// are new events, not copies of ones applied before. `timestamp` is the Kafka
        /// timestamp of the record read at `offset`; with the offset, it tells this restart
        /// from another, so a marker appended twice (a sequencer restarted before committing)
        /// counts once. Only in bundles.
        case restart(topic: String, partition: Int32, offset: Int64, timestamp: Int64, time: Int64)

        /// The role's clock at this record.
        public var time: Int64 {
            switch self {
            case let .event(_, _, _, _, time), let .tick(time), let .restart(_, _, _, _, time): time
            }
        }
    }

    /// The record `message` holds, as written before bundles; nil when it is not one. Read in the
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
