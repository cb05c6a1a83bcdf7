import CRdKafka

/// The topic names of the messages of one batch, each made into a `String` once.
///
/// `KafkaMessage.topic` makes a new `String` on every call (an allocation for a name longer
/// than 15 bytes); a loop over a batch asks it for every message. Keyed by librdkafka's topic
/// handle, which the batch's messages keep alive: use one per batch, not across batches.
public struct KafkaTopicNames {
    private var names: [(handle: OpaquePointer?, name: String)] = []

    public init() {}

    /// The name of `message`'s topic.
    public mutating func name(of message: KafkaMessage) -> String {
        let handle = message.pointer.pointee.rkt
        for known in names where known.handle == handle { return known.name }
        let name = message.topic
        names.append((handle, name))
        return name
    }
}
