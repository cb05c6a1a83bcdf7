extension RoleEngine {
    /// How many keys (servers or clusters) the role holds, over all its partitions.
    public var stateCount: Int { stateSize.entries }

    /// How many keys the role holds, over all its partitions, and their changelog bytes:
    /// partitions dropped on a revocation count no longer, whatever was in flight then.
    public var stateSize: StateSize {
        let partitions = partitionCounts.values.max() ?? 0
        var size = StateSize()
        for slot in slots {
            for partition in 0..<partitions {
                size.entries += slot.count(partition: partition)
                size.bytes += slot.encodedBytes(partition: partition)
            }
        }
        return size
    }
}
