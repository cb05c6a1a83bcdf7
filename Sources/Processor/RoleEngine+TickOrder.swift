import Contracts
import Events

extension RoleEngine {
    /// A clock tick for `partition`, placed after what has been applied there: from now on,
    /// its inputs at or past that place wait until the tick is read back (see `TickOrder`).
    /// Nil while the previous tick this instance wrote to the partition has not been read
    /// back: with ticks written faster than they come back, inputs would never move.
    public mutating func makeTick(partition: Int32, id: String) -> OutgoingEvent? {
        var order = orders[partition] ?? TickOrder(ticks: TopicName.ticks)
        guard !order.awaitsOwnTick else { return nil }
        var positions: [String: Int64] = [:]
        for topic in tickedTopics {
            if let offset = checkpoints[topic]?[partition] { positions[topic] = offset }
        }
        order.wrote(id: id, positions: positions)
        orders[partition] = order
        let items = positions.sorted { $0.key < $1.key }.map { topic, offset -> JSONValue in
            .object(["topic": .string(topic), "offset": .int(offset)])
        }
        return OutgoingEvent(EventName.clockTick, key: "p\(partition)", ["positions": .array(items)])
    }

    /// The ticks partition `partition` was assigned to this instance. It holds ticks of an
    /// earlier owner before offset `horizon` (its end when assigned; nil: none unread): the
    /// partition's other inputs wait until they are read, as one of them may have to go
    /// first. Forgets ticks written to the partition while it was someone else's.
    public mutating func assignedTicks(partition: Int32, unreadBefore horizon: Int64?) {
        orders[partition] = nil
        guard !tickedTopics.isEmpty, let horizon else { return }
        if let checkpoint = checkpoints[TopicName.ticks]?[partition], checkpoint >= horizon { return }
        var order = TickOrder(ticks: TopicName.ticks)
        order.awaitTicks(before: horizon)
        orders[partition] = order
    }

    /// Every input partition's checkpoint: the first offset whose effects are not applied
    /// yet, which is the offset to commit (messages waiting for a tick are not applied).
    public var appliedOffsets: [(topic: String, partition: Int32, offset: Int64)] {
        checkpoints.flatMap { topic, partitions in partitions.map { (topic, $0.key, $0.value) } }
    }

    /// How many consumed messages wait for a clock tick.
    public var heldMessages: Int { orders.values.reduce(0) { $0 + $1.heldCount } }
}
