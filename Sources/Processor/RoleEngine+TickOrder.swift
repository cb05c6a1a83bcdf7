import Contracts
import Events

extension RoleEngine {
    /// A clock tick for `partition`, placed after what has been applied there: from now on,
    /// its inputs at or past that place wait until the tick is read back (see `TickOrder`).
    /// Nil while anything of the partition waits: the previous tick this instance wrote (with
    /// ticks written faster than they come back, inputs would never move), the backlog of a
    /// new owner, or messages already read, which the tick would otherwise overtake: a tick
    /// placed before a report read after a stall would fire the timeout the report prevents.
    public mutating func makeTick(partition: Int32, id: String) -> OutgoingEvent? {
        var order = orders[partition] ?? TickOrder(ticks: TopicName.ticks)
        guard order.admitsTick else { return nil }
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

    /// `partition` of the ticked topics was assigned to this instance; `backlog` gives, per
    /// input topic (ticks included), the unread messages then: from the offset reading starts
    /// at to the offset after the last message. Until the first `limit` of each are read (past
    /// the restored checkpoint), nothing of the partition is applied: a tick an earlier owner
    /// wrote may have to go first, and the backlog is then applied oldest first by timestamp
    /// (see `TickOrder`). An earlier owner applied at most a batch past its checkpoint, so a
    /// limit of a few batches orders all it may have done, and bounds what is held in memory.
    /// Forgets ticks written to the partition while it was someone else's.
    public mutating func awaitBacklog(partition: Int32, backlog: [String: Range<Int64>], limit: Int64) {
        orders[partition] = nil
        let topics = Set(tickedTopics + [TopicName.ticks])
        var order = TickOrder(ticks: TopicName.ticks)
        for (topic, unread) in backlog where topics.contains(topic) {
            let from = max(unread.lowerBound, checkpoints[topic]?[partition] ?? unread.lowerBound)
            let end = min(unread.upperBound, from + limit)
            if from < end { order.awaitBacklog(of: topic, before: end) }
        }
        if !order.isIdle { orders[partition] = order }
    }

    /// Stops waiting for `partition`'s backlog (it could not be read in time): what is held
    /// is applied, in order, as the next message of the partition comes (ticks are made
    /// again, so one comes).
    public mutating func stopAwaitingBacklog(partition: Int32) {
        orders[partition]?.stopAwaiting()
    }

    /// Every input partition's checkpoint: the first offset whose effects are not applied
    /// yet, which is the offset to commit (messages waiting for a tick are not applied).
    public var appliedOffsets: [(topic: String, partition: Int32, offset: Int64)] {
        checkpoints.flatMap { topic, partitions in partitions.map { (topic, $0.key, $0.value) } }
    }

    /// How many consumed messages wait for a clock tick.
    public var heldMessages: Int { orders.values.reduce(0) { $0 + $1.heldCount } }
}
