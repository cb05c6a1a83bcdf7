import CRdKafka
import Logging
import Synchronization

/// Reads messages, in a consumer group or from partitions it is given.
///
/// In a group (`group.id` set) it subscribes to topics and the group spreads their
/// partitions over its members; the rebalance hook runs inside librdkafka's
/// rebalance callback, so state can be restored before a new partition's first
/// message and committed before a partition is taken away. Without a group it reads
/// partitions assigned at explicit offsets (e.g. a changelog from the beginning up
/// to its high watermark).
///
/// Offsets are stored only when the caller says so (`enable.auto.offset.store=false`),
/// after processing, and only `commit` sends them to the group (`enable.auto.commit=false`):
/// librdkafka's own commits of the partitions a rebalance or a close takes away, one of
/// which still in flight when a close ends makes librdkafka 2.0.2 abort the process
/// (`rd_kafka_cgrp_terminated: assert: !rd_kafka_assignment_in_progress`), are not made.
/// What a commit left owed (refused while the group rebalanced, or never answered) the
/// polling thread sends again once it has been owed for `auto.commit.interval.ms`
/// (`CommitLedger`); a close commits nothing, so commit before closing. Polling blocks, so it runs
/// either on the caller's own thread (`poll(maxMessages:timeout:)`) or on the
/// consumer's dedicated thread (`batches()`), never on Swift's cooperative pool.
/// Call `close()` to leave the group; it is also done on deinit.
public final class KafkaConsumer: Sendable {
    let client: RdKafkaClient
    /// Runs polls, closes and other blocking calls for the async interface.
    let thread: KafkaThread
    let pollBuffer: PollBuffer
    let rebalanceHandler: RebalanceHandler
    let closing = AtomicFlag()
    let closed = AtomicFlag()
    let logger: Logger
    /// Pauses fetching while nothing arrives (`consumer.idle.pause.ms`), nil when not asked for.
    let idleFetching: IdleFetching?
    /// The queue `rd_kafka_consumer_poll` waits on, for `wakeUp()`.
    private let consumerQueue: UncheckedPointer
    /// The partitions the application paused (`hold(_:)`): a rest's resume leaves them paused.
    let holds = Mutex<Set<KafkaTopicPartition>>([])
    /// Raised by `wakeUp()`, lowered by the poll that sees it.
    let wakeRequested = Atomic<Bool>(false)
    /// The consumer group, or `nil` for a consumer that reads assigned partitions only.
    public let groupID: String?
    /// Offsets stored and not yet confirmed committed, resent by the polling thread.
    let commits: CommitLedger

    /// Creates a consumer; `configuration` needs `bootstrap.servers`, and `group.id` to join a group.
    ///
    /// `rebalanceHook` is called on the polling thread with each assignment and
    /// revocation, and with this consumer, so it can seek, store and commit. The eager
    /// `range,roundrobin` assignors are used unless the configuration names others.
    public init(
        configuration: KafkaConfiguration,
        logger: Logger,
        rebalanceHook: (@Sendable (KafkaRebalance, KafkaConsumer) -> Void)? = nil
    ) throws(KafkaError) {
        var configuration = configuration
            .settingDefault("enable.auto.offset.store", "false")
            .settingDefault("enable.auto.commit", "false")
            .settingDefault("partition.assignment.strategy", "range,roundrobin")
        let groupID = configuration["group.id"]
        if groupID == nil {
            // librdkafka's consumer needs a group id even to assign; this one never joins or commits.
            configuration["group.id"] = "assign-only-\(UInt64.random(in: 0...UInt64.max))"
            configuration["enable.auto.commit"] = "false"
        }
        let pollBuffer = PollBuffer()
        let handler = RebalanceHandler(hook: rebalanceHook, buffer: pollBuffer, logger: logger)
        var rebalance: (@Sendable (OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> Void)?
        if groupID != nil {
            rebalance = { rk, err, partitions in handler.handle(rk: rk, err: err, partitions: partitions) }
        }
        client = try RdKafkaClient(
            type: RD_KAFKA_CONSUMER,
            configuration: configuration,
            context: ClientContext(logger: logger, rebalance: rebalance),
            backgroundEvents: true
        )
        rd_kafka_poll_set_consumer(client.handle)
        consumerQueue = UncheckedPointer(rd_kafka_queue_get_consumer(client.handle))
        idleFetching = IdleFetching(configuration: configuration)
        commits = CommitLedger(interval: .milliseconds(configuration["auto.commit.interval.ms"].flatMap { Int($0) } ?? 5000))
        self.groupID = groupID
        self.pollBuffer = pollBuffer
        self.rebalanceHandler = handler
        self.logger = logger
        self.thread = KafkaThread(name: "kafka-consumer")
        handler.consumer = self
        logger.debug("Kafka consumer created", metadata: ["kafka.configuration": "\(configuration)"])
    }

    deinit {
        thread.stopAndJoin()
        pollBuffer.discardAll()
        if closed.raise() {
            let err = rd_kafka_consumer_close(client.handle)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                logger.warning("closing the Kafka consumer on deinit failed: \(KafkaError(err))")
            }
        }
        rd_kafka_queue_destroy(consumerQueue.pointer)
    }

    /// Ends a poll that is waiting now (it returns what it has, possibly nothing) or,
    /// if none is, the next one at once; for a caller that wants its loop to look at a
    /// stop flag without polling with short timeouts. Safe from any thread.
    public func wakeUp() {
        wakeRequested.store(true, ordering: .relaxed)
        rd_kafka_queue_yield(consumerQueue.pointer)
    }

    /// Joins the group's subscription to `topics`; partitions arrive through rebalances.
    public func subscribe(_ topics: [String]) throws(KafkaError) {
        guard groupID != nil else { throw .invalidArgument("subscribe needs a consumer group (group.id)") }
        try KafkaTopicPartition.withList(topics.map { KafkaTopicPartition(topic: $0, partition: -1) }) { list throws(KafkaError) in
            try check(rd_kafka_subscribe(client.handle, list), "subscribing to \(topics)")
        }
    }

    /// Reads exactly `partitions`, each from its offset, outside any group rebalance.
    ///
    /// Replaces the previous assignment; an empty list stops reading.
    public func assign(_ partitions: [KafkaPartitionOffset]) throws(KafkaError) {
        idleFetching?.resume(self)
        try KafkaTopicPartition.withList(partitions.map(\.topicPartition), offset: { partitions[$0].offset.rawValue }) { list throws(KafkaError) in
            try check(rd_kafka_assign(client.handle, list), "assigning \(partitions.map(\.topicPartition))")
        }
    }

    /// The partitions currently assigned to this consumer.
    public func assignment() throws(KafkaError) -> [KafkaTopicPartition] {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        try check(rd_kafka_assignment(client.handle, &list), "reading the assignment")
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return KafkaTopicPartition.array(from: list!)
    }

    /// Stops fetching `partitions` until `resume`; polls keep serving the group meanwhile.
    public func pause(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        try KafkaTopicPartition.withList(partitions) { list throws(KafkaError) in
            try check(rd_kafka_pause_partitions(client.handle, list), "pausing \(partitions)")
        }
    }

    /// Fetches `partitions` again after `pause`.
    public func resume(_ partitions: [KafkaTopicPartition]) throws(KafkaError) {
        try KafkaTopicPartition.withList(partitions) { list throws(KafkaError) in
            try check(rd_kafka_resume_partitions(client.handle, list), "resuming \(partitions)")
        }
    }

    /// Asks the partition's leader for its watermarks; blocks up to `timeout`.
    ///
    /// Meant for the polling thread or the rebalance hook; from async code use `watermarks(of:timeout:)`.
    @available(*, noasync, message: "it blocks the calling thread; async code awaits the async form")
    public func queryWatermarks(of partition: KafkaTopicPartition, timeout: Duration = .seconds(10)) throws(KafkaError) -> KafkaWatermarks {
        var low: Int64 = 0
        var high: Int64 = 0
        let err = rd_kafka_query_watermark_offsets(client.handle, partition.topic, partition.partition, &low, &high, timeout.milliseconds)
        try check(err, "querying the watermarks of \(partition)")
        return KafkaWatermarks(low: low, high: high)
    }

    /// Asks the partition's leader for its watermarks, on a thread of its own.
    public func watermarks(of partition: KafkaTopicPartition, timeout: Duration = .seconds(10)) async throws(KafkaError) -> KafkaWatermarks {
        try await KafkaThread.runOnNewThread(name: "kafka-watermark") { () throws(KafkaError) in
            try self.queryWatermarks(of: partition, timeout: timeout)
        }
    }

    /// Leaves the group (after the revoke hook) and stops the consumer. It commits nothing
    /// itself (unless the configuration turns librdkafka's auto-commit on): commit first.
    ///
    /// Any running `batches()` iteration ends first. Later calls do nothing.
    public func close() async throws(KafkaError) {
        guard !closed.isRaised else { return }
        closing.raise()
        do {
            try await thread.run { () throws(KafkaError) in try self.closeOnThisThread() }
        } catch where closed.isRaised && error.code == RD_KAFKA_RESP_ERR__DESTROY.rawValue {
            // Another close stopped the thread first: the consumer is closed all the same.
        }
        thread.stopAndJoin()
    }

    /// `close()`, bounded: returns false if the close did not finish within `timeout`, or
    /// ended with an error.
    ///
    /// librdkafka 2.0.2's close was seen to block for good once the group had dropped the
    /// member during a rebalance. A process that is exiting cannot wait for that: after
    /// `timeout` it gets false and goes on, the group drops the member when its session
    /// expires, and this consumer is kept alive (deliberately leaked) so that nothing joins
    /// or destroys the handle the stuck close is using.
    public func close(timeout: Duration) async throws(KafkaError) -> Bool {
        guard !closed.isRaised else { return true }
        closing.raise()
        do {
            guard try await thread.run(within: timeout, { () throws(KafkaError) in try self.closeOnThisThread() }) != nil else {
                logger.warning("closing the Kafka consumer did not finish in \(timeout); leaving it to the group's session timeout")
                _ = Unmanaged.passRetained(self)
                return false
            }
        } catch where closed.isRaised && error.code == RD_KAFKA_RESP_ERR__DESTROY.rawValue {
            // Another close stopped the thread first: the consumer is closed all the same.
        } catch {
            // The close ended with an error (librdkafka 2.0.2's mock answers a leave during a
            // rebalance with _TIMED_OUT, seen in a soak). Destroying the handle then was seen to
            // block for good (the group's leave still in progress), so this consumer is kept
            // alive like one whose close timed out, and the group drops the member when its
            // session expires.
            logger.warning("closing the Kafka consumer ended with an error (\(error)); leaving it to the group's session timeout")
            _ = Unmanaged.passRetained(self)
            return false
        }
        thread.stopAndJoin()
        return true
    }

    /// Runs `body`, then closes the consumer, whether `body` returned or threw: what a
    /// `defer { close }` would do, had a `defer` been able to await. A consumer read from
    /// only for a moment (a check, a restore) is given up either way, so an error of the close
    /// itself is not thrown; `close()` says it where that matters.
    public func closing<T>(after body: () async throws -> T) async throws -> T {
        let result: T
        do {
            result = try await body()
        } catch {
            try? await close()
            throw error
        }
        try? await close()
        return result
    }

    /// `close()` for a thread that may block (the polling thread of `poll(maxMessages:timeout:)`).
    @available(*, noasync, message: "it blocks the calling thread; async code awaits the async form")
    public func closeBlocking() throws(KafkaError) {
        closing.raise()
        try closeOnThisThread()
    }

    private func closeOnThisThread() throws(KafkaError) {
        guard closed.raise() else { return }
        pollBuffer.discardAll()
        try check(rd_kafka_consumer_close(client.handle), "closing the consumer")
        logger.debug("Kafka consumer closed", metadata: ["kafka.group": "\(groupID ?? "-")"])
    }

    func check(_ err: rd_kafka_resp_err_t, _ action: String) throws(KafkaError) {
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(err, reason: "\(action): \(String(cString: rd_kafka_err2str(err)))")
        }
    }
}
