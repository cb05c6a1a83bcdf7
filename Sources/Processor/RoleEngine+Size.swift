extension RoleEngine {
    /// How many keys (servers or clusters) the role holds, over all its partitions.
    public var stateCount: Int {
        let partitions = partitionCounts.values.max() ?? 0
        return slots.reduce(0) { total, slot in
            total + (0..<partitions).reduce(0) { $0 + slot.count(partition: $1) }
        }
    }
}
