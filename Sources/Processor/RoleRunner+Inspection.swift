extension RoleRunner {
    /// How many keys this instance holds in `partitions` of its role log (for benchmarks and tests).
    public func stateCount(partitions: Range<Int32>) -> Int {
        core.withLock { core in partitions.reduce(0) { $0 + core.engine.stateCount(partition: $1) } }
    }
}
