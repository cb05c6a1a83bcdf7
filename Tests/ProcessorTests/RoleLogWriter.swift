import Contracts
import Events
import Processor

/// Appends inputs to a role's log as the sequencer would (a bundle of the copy, with its
/// source position and time, at the partition's next offset) and folds each into an engine.
struct RoleLogWriter {
    /// The next offset of each partition of the role's log.
    var next: [Int32: Int64] = [:]
    /// The records appended, per partition, in order.
    var log: [Int32: [EventMessage]] = [:]

    /// Appends `message`, read at `offset` of `partition` of `topic`, at `time`, and folds it.
    mutating func fold(
        _ engine: inout RoleEngine, _ message: EventMessage, topic: String, partition: Int32, offset: Int64, time: Int64
    ) -> [OutgoingRecord] {
        append([.event(topic: topic, partition: partition, offset: offset, message: message, time: time)], partition: partition, into: &engine)
    }

    /// Appends a tick at `time` to `partition` and folds it.
    mutating func tick(_ engine: inout RoleEngine, partition: Int32, time: Int64) -> [OutgoingRecord] {
        append([.tick(time: time)], partition: partition, into: &engine)
    }

    /// Appends a bundle of `records` to `partition` and folds it, as read back.
    mutating func append(_ records: [RoleLog.Record], partition: Int32, into engine: inout RoleEngine) -> [OutgoingRecord] {
        var bundle = RoleLog.Bundle()
        for record in records { bundle.append(record) }
        let offset = next[partition, default: 0]
        next[partition] = offset + 1
        log[partition, default: []].append(bundle.message)
        return engine.process(bundle.message, partition: partition, offset: offset)
    }
}
