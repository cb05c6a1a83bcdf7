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
        copy.headers += [
            EventHeader(name: sourceTopicHeader, string: topic),
            EventHeader(name: sourcePartitionHeader, string: String(partition)),
            EventHeader(name: sourceOffsetHeader, string: String(offset)),
            EventHeader(name: timeHeader, string: String(time)),
        ]
        return copy
    }

    /// A tick appended at `time`.
    public static func tick(time: Int64) -> EventMessage {
        EventMessage(key: nil, value: [], headers: [EventHeader(name: tickHeader, string: "1"), EventHeader(name: timeHeader, string: String(time))])
    }

    /// The record `message` holds; nil when it is not one the sequencer wrote.
    public static func record(_ message: EventMessage) -> Record? {
        var topic: String?
        var partition: Int32?
        var offset: Int64?
        var time: Int64?
        var tick = false
        for header in message.headers where header.name.utf8.starts(with: logHeaderPrefix) {
            switch header.name {
            case sourceTopicHeader: topic = header.stringValue
            case sourcePartitionHeader: partition = header.stringValue.flatMap { Int32($0) }
            case sourceOffsetHeader: offset = header.stringValue.flatMap { Int64($0) }
            case timeHeader: time = header.stringValue.flatMap { Int64($0) }
            case tickHeader: tick = true
            default: break
            }
        }
        guard let time else { return nil }
        if tick { return .tick(time: time) }
        guard let topic, let partition, let offset else { return nil }
        return .event(topic: topic, partition: partition, offset: offset, message: message, time: time)
    }

    /// The input event a copy carries, as it was on its source topic: without the log's headers.
    public static func original(_ message: EventMessage) -> EventMessage {
        var original = message
        original.headers.removeAll { $0.name.utf8.starts(with: logHeaderPrefix) }
        return original
    }

    private static let logHeaderPrefix = "mtd-".utf8
}
