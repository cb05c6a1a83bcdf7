import CRdKafka

extension KafkaConsumer {
    /// Marks every message of `batch` as processed: stores, per partition, the offset after its last message.
    ///
    /// Stored offsets are sent to the group by `commit`, and again by the polling thread
    /// while a commit leaves them owed (`CommitLedger`); not by a close.
    /// Partitions no longer assigned are skipped.
    public func store(_ batch: KafkaMessageBatch) throws(KafkaError) {
        let last = batch.lastMessages
        guard !last.isEmpty else { return }
        let list = rd_kafka_topic_partition_list_new(Int32(last.count))!
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for message in last {
            rd_kafka_topic_partition_list_add(list, rd_kafka_topic_name(message.pointee.rkt), message.pointee.partition)
                .pointee.offset = message.pointee.offset + 1
        }
        try store(list: list)
    }

    /// Stores explicit offsets (the offset of the next message to read, per partition).
    public func store(_ offsets: [KafkaPartitionOffset]) throws(KafkaError) {
        try KafkaTopicPartition.withList(offsets.map(\.topicPartition), offset: { offsets[$0].offset.rawValue }) { list throws(KafkaError) in
            try store(list: list)
        }
    }

    private func store(list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) throws(KafkaError) {
        let err = rd_kafka_offsets_store(client.handle, list)
        // Counted even if some partitions were not stored: a resend of nothing is confirmed at once.
        commits.stored()
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return }
        for index in 0..<Int(list.pointee.cnt) {
            let element = list.pointee.elems[index]
            if element.err == RD_KAFKA_RESP_ERR__STATE {
                logger.debug("offset not stored: \(String(cString: element.topic))[\(element.partition)] is not assigned")
            } else if element.err != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw KafkaError(element.err, reason: "storing the offset of \(String(cString: element.topic))[\(element.partition)]: \(String(cString: rd_kafka_err2str(element.err)))")
            }
        }
    }

    /// Commits `offsets`, or all stored offsets when `nil`, and waits for the broker; blocks the thread.
    ///
    /// Meant for the rebalance hook (commit before partitions are revoked) and the polling thread.
    /// librdkafka 2.0.2's mock refuses commits during a rebalance (`REBALANCE_IN_PROGRESS`,
    /// where real brokers accept them), so against it commit after each batch as well.
    public func commitBlocking(_ offsets: [KafkaPartitionOffset]? = nil) throws(KafkaError) {
        let generation = commits.generation
        try withOptionalList(offsets) { list throws(KafkaError) in
            let err = rd_kafka_commit(client.handle, list, 0)
            guard err != RD_KAFKA_RESP_ERR__NO_OFFSET else { return }
            try check(err, "committing offsets")
        }
        if offsets == nil { commits.confirmed(generation) }
    }

    /// Sends the stored offsets to the group and returns at once; the answer is not awaited
    /// (a failure shows only in librdkafka's log). For a rebalance hook, which runs on the
    /// polling thread and must not block on a group that may not answer while it rebalances.
    public func commitWithoutWaiting() throws(KafkaError) {
        let err = rd_kafka_commit(client.handle, nil, 1)
        guard err != RD_KAFKA_RESP_ERR__NO_OFFSET else { return }
        try check(err, "committing offsets")
    }

    /// `commit(_:)`, bounded: false when the broker has not answered within `timeout` (the
    /// commit goes on alone, and the offsets stay stored for the next one). librdkafka 2.0.2's
    /// mock was seen never to answer a commit sent during a rebalance; a processing loop or a
    /// shutdown must not wait on that for ever.
    public func commit(_ offsets: [KafkaPartitionOffset]? = nil, within timeout: Duration) async throws(KafkaError) -> Bool {
        try await bounded(by: timeout) { () throws(KafkaError) in try await self.commit(offsets) } != nil
    }

    /// Commits `offsets`, or all stored offsets when `nil`, without blocking a thread while it waits.
    public func commit(_ offsets: [KafkaPartitionOffset]? = nil) async throws(KafkaError) {
        guard let queue = client.backgroundQueue else { throw .closed("consumer") }
        let handle = client.handle
        let generation = commits.generation
        try await BackgroundEvent.perform(start: { opaque in
            do throws(KafkaError) {
                return try withOptionalList(offsets) { list throws(KafkaError) -> KafkaError? in
                    let err = rd_kafka_commit_queue(handle, list, queue, nil, opaque)
                    return err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(err, reason: "committing offsets: \(String(cString: rd_kafka_err2str(err)))")
                }
            } catch {
                return error
            }
        }, read: { event in
            guard let error = BackgroundEvent.error(of: event), error.code != RD_KAFKA_RESP_ERR__NO_OFFSET.rawValue else {
                return .success(())
            }
            return .failure(error)
        })
        if offsets == nil { commits.confirmed(generation) }
    }

    /// Sends the stored offsets again if a commit left them owed for `auto.commit.interval.ms`
    /// (`CommitLedger`), without waiting for the answer; called by the polling thread before
    /// each poll, so that offsets a refused commit left do not wait for the next batch.
    func resendOwedCommit() {
        guard groupID != nil, !closing.isRaised, let queue = client.backgroundQueue,
              let generation = commits.resendDue(at: .now) else { return }
        let handle = client.handle
        let commits = commits
        let logger = logger
        let failure = BackgroundEvent.start({ opaque in
            let err = rd_kafka_commit_queue(handle, nil, queue, nil, opaque)
            return err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(err)
        }, then: { event in
            if let error = BackgroundEvent.error(of: event), error.code != RD_KAFKA_RESP_ERR__NO_OFFSET.rawValue {
                logger.info("resending owed offsets failed; they stay stored for the next commit", metadata: ["error": "\(error)"])
            } else {
                commits.confirmed(generation)
            }
        })
        if let failure, failure.code != RD_KAFKA_RESP_ERR__NO_OFFSET.rawValue {
            logger.info("resending owed offsets failed; they stay stored for the next commit", metadata: ["error": "\(failure)"])
        }
    }

    /// The end offsets of `partitions` with one ListOffsets request per leader; blocks the
    /// thread up to `timeout`. A partition that could not be asked is left out.
    func endOffsets(of partitions: [KafkaTopicPartition], timeout: Duration) throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        try client.endOffsets(of: partitions, timeout: timeout)
    }

    /// Where `partitions` start now (their oldest record kept; their end when they hold none),
    /// with one ListOffsets request per leader; blocks up to `timeout`. A partition that could
    /// not be asked is left out. Where a consumer without a committed offset starts reading
    /// with `auto.offset.reset=earliest`.
    @available(*, noasync, message: "it blocks the calling thread")
    public func startOffsets(of partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        try client.startOffsets(of: partitions, timeout: timeout)
    }

    /// The group's committed offsets for `partitions` (`KafkaOffset.unset` where nothing is committed); blocks up to `timeout`.
    @available(*, noasync, message: "it blocks the calling thread; async code awaits the async form")
    public func committedOffsets(for partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) throws(KafkaError) -> [KafkaPartitionOffset] {
        try KafkaTopicPartition.withList(partitions) { list throws(KafkaError) in
            try check(rd_kafka_committed(client.handle, list, timeout.milliseconds), "reading committed offsets")
            return (0..<Int(list.pointee.cnt)).map { index in
                let element = list.pointee.elems[index]
                return KafkaPartitionOffset(topic: String(cString: element.topic), partition: element.partition, offset: KafkaOffset(element.offset))
            }
        }
    }

    /// `committedOffsets(for:timeout:)` on a thread of its own: async code (a test polling
    /// for a commit) must not block one of the few threads of the cooperative pool for as long
    /// as the group takes to answer.
    public func committed(for partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) async throws(KafkaError) -> [KafkaPartitionOffset] {
        try await KafkaThread.runOnNewThread(name: "kafka-committed") { () throws(KafkaError) in
            try self.committedOffsets(for: partitions, timeout: timeout)
        }
    }

    private func withOptionalList<R>(
        _ offsets: [KafkaPartitionOffset]?,
        _ body: (UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) throws(KafkaError) -> R
    ) throws(KafkaError) -> R {
        guard let offsets else { return try body(nil) }
        return try KafkaTopicPartition.withList(offsets.map(\.topicPartition), offset: { offsets[$0].offset.rawValue }) { list throws(KafkaError) in
            try body(list)
        }
    }
}
