import Kafka

/// The status API's view into a running instance: the decoded state of a key and the
/// states of the partitions it owns. Each call holds the engine's lock only to copy
/// the values out (no encoding, no I/O under it), so queries never hold up processing
/// for longer than a dictionary copy. One key is looked up under the lock; every state is
/// read from a copy of the engine taken under it (its tables are copy-on-write), so the
/// states are gathered outside it.
extension RoleRunner {
    /// The state of `key` of type `State`, if this instance holds it.
    public func queryState<State: Sendable>(_ type: State.Type, key: String) -> State? {
        // Under the lock: a copy of the engine kept while the fold goes on would make its next
        // change copy a whole partition's table, for one key.
        core.withLock { $0.engine.queryState(type, key: key) }
    }

    /// Every state of type `State` this instance holds, per partition and key.
    public func queryStates<State: Sendable>(_ type: State.Type) -> [Int32: [String: State]] {
        core.withLock { $0.engine }.queryStates(type)
    }

    /// The changelog partitions whose state this instance has restored and owns now (not those
    /// it is still restoring: their states are not all there yet).
    public var ownedChangelogPartitions: [KafkaTopicPartition] {
        core.withLock { $0.restored.subtracting($0.restoring) }.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
    }
}
