extension RoleRunner {
    /// How many keys this instance holds in `partitions` of `topic`'s state (for benchmarks and tests).
    public func stateCount(topic: String, partitions: Range<Int32>) -> Int {
        engine.withLock { engine in partitions.reduce(0) { $0 + engine.stateCount(topic: topic, partition: $1) } }
    }
}
