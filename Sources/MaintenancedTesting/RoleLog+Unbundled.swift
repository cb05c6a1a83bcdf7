import Contracts
import Events

/// The role log's records as the sequencer wrote them before bundles, a copy or a tick each
/// (`RoleLog`): tests write them to show they are still read, alone and between bundles.
extension RoleLog {
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
                var name = RoleLog.copyHeader
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
        EventMessage(key: nil, value: [], headers: [MessageHeader(name: RoleLog.tickHeader, string: "1"), MessageHeader(name: RoleLog.timeHeader, string: String(time))])
    }

}
