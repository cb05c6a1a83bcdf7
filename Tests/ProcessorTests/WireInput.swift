import Contracts
import Events

/// One message of a reliability run as it arrives on an input topic, and what
/// the engine must answer: nothing but outputs (valid), exactly one dead letter
/// with a reason, or exactly one `transition.rejected` naming its event id.
struct WireInput: Sendable {
    enum Expectation: Sendable, Equatable {
        case valid
        case deadLetter(reason: String)
        case rejected(eventID: String)
    }

    /// A short name, for failure messages.
    var name: String
    var topic: String
    var message: EventMessage
    /// The partition it is consumed from; nil for its key's partition.
    var partition: Int32?
    var expectation: Expectation

    static let partitionCount: Int32 = 12

    /// The partition the engine consumes it from.
    var consumedPartition: Int32 {
        partition ?? Partitioner.partition(of: message.key.map { String(decoding: $0, as: UTF8.self) } ?? "server-1", count: Self.partitionCount)
    }

    /// A valid binary-mode event of `type` for `server`.
    static func event(
        _ type: String, _ server: String, id: String, time: Int64, _ data: JSONObject = [:], expect: Expectation = .valid
    ) -> WireInput {
        let entry = EventCatalog.entry(for: type)
        let topic = entry?.topic ?? TopicName.serverLifecycle
        // A type only roles send comes from its producer (from another source it is dead-lettered).
        let source = entry.flatMap(EventCatalog.producingRoles(of:))?.first?.source ?? "/reliability"
        let cloudEvent = CloudEvent(id: id, source: source, type: type, subject: server, time: time, data: .object(data))
        return WireInput(name: id, topic: topic, message: CloudEventCodec().encode(cloudEvent, key: server), partition: nil, expectation: expect)
    }

    /// A message that must become a dead letter with `reason`.
    static func bad(_ name: String, _ reason: String, on topic: String, _ message: EventMessage, partition: Int32? = nil) -> WireInput {
        WireInput(name: name, topic: topic, message: message, partition: partition, expectation: .deadLetter(reason: reason))
    }
}
