extension KafkaConsumer {
    /// Stops fetching `partitions` until `release(_:)`, for an application that has read
    /// more of them than it can use yet (back-pressure). Unlike `pause(_:)`, a hold outlasts
    /// idle fetching's rests; it ends with `release(_:)` or when the partition is revoked.
    /// librdkafka drops what it had fetched of them and not handed out; reading goes on
    /// after the last message polled.
    public func hold(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        guard !partitions.isEmpty else { return }
        holds.withLock { $0.formUnion(partitions) }
        try pause(partitions)
    }

    /// Fetches `partitions` again after `hold(_:)`.
    public func release(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        let held = holds.withLock { holds in partitions.filter { holds.remove($0) != nil } }
        guard !held.isEmpty else { return }
        try resume(held)
    }

    /// Whether the application waits for messages of its partitions that it has not
    /// received yet (one partition is behind the others it reads with): while true,
    /// idle fetching (`consumer.idle.pause.ms`) does not rest, and a rest in progress ends.
    /// No effect without idle fetching.
    public func expectMessages(_ expected: Bool) {
        idleFetching?.expect(expected, self)
    }

    /// The partitions held now.
    public var heldPartitions: Set<KafkaTopicPartition> { holds.withLock { $0 } }
}
