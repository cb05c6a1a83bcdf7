#if canImport(Glibc)
import Glibc
#endif
import Contracts
import Events
import Kafka
import Lifecycle
import Logging
import MaintenancedClient
import ServiceLifecycle
import Synchronization

/// Runs a role on Kafka: one member of the role's consumer group.
///
/// The member owns, per partition number, the role's external input topics and its input
/// log (`<role>.input`): the group's range assignment gives co-partitioned topics'
/// partitions of one number to one member. One loop owns the partitions' state. Per batch:
/// poll (rebalances run inside it: an assigned log partition's changelogs are restored
/// before its first record); the `Sequencer` takes what was read, the broker is asked the
/// end offsets it names, and it returns what to append; the appends are produced and
/// awaited; the `RoleEngine` folds, in log order, what was read back and the appends that
/// landed where the fold stands. Then the batch's effects go out while the next batch is
/// read and folded, in batch order: outputs, changelog, then the offsets committed (the
/// sources' up to what was appended, the log's up to what was folded). A crash before the
/// commit is followed by a replay with the same copies (applied once) and the same
/// outputs, ids included. docs/RUNTIME.md tells why each step is where it is.
public final class RoleRunner: Service, Sendable {
    /// Settings of one instance.
    public struct Options: Sendable {
        /// The consumer group (`maintenanced-<role>` by default).
        public var group: String
        /// How often each owned partition gets a clock tick.
        public var tickInterval: Duration
        /// The most messages one poll takes (5000 by default). Every message read counts, the
        /// ones passed over too: the scheduler reads back its own outputs on
        /// `server.transitions`, four or so per request, so a cap of 500 held it to about a
        /// hundred requests per round and, at 10 000 requests/s, behind (BENCHMARKS.md, session 16).
        public var batchSize: Int
        /// Told about rebalances, restores and batches, for metrics and readiness.
        public var observer: (any RoleObserver)?
        /// The longest a source with unread messages holds a partition's other inputs back (`Sequencer`).
        public var maxIdle: Duration
        /// The most threads an assignment's restore uses (one per core, at most 4, by default).
        public var restoreThreads: Int
        /// The most read messages a source partition keeps waiting before its fetching is
        /// paused (1000 by default, Kafka Streams' `buffered.records.per.partition`): what
        /// waits during a catch-up is bounded by this, not by the backlog (`Sequencer.takeFlowChanges()`).
        public var bufferLimit: Int
        /// The deadline the stop's waits share (the last commit, leaving the group, closing an
        /// own producer): a process gives all its runners one, which its stop begins.
        public var stopBudget: StopBudget
        /// Where a graceful stop leaves a snapshot of each changelog partition held, for the
        /// next start to restore from instead of reading the whole changelog (none: no snapshots).
        public var stateDirectory: StateDirectory?
        /// How often a running instance also leaves snapshots there (of the partitions that
        /// changed since its last ones), so that a start after a crash restores from them too
        /// (none: only at a graceful stop).
        public var snapshotInterval: Duration?

        public init(
            group: String, tickInterval: Duration = .seconds(1), batchSize: Int = 5000, observer: (any RoleObserver)? = nil,
            maxIdle: Duration = .seconds(10), restoreThreads: Int = RoleRunner.defaultRestoreThreads, bufferLimit: Int = 1_000,
            stopBudget: StopBudget = StopBudget(), stateDirectory: StateDirectory? = nil, snapshotInterval: Duration? = nil
        ) {
            self.stopBudget = stopBudget
            self.stateDirectory = stateDirectory
            self.snapshotInterval = snapshotInterval
            self.bufferLimit = max(1, bufferLimit)
            self.group = group
            self.tickInterval = tickInterval
            self.batchSize = batchSize
            self.observer = observer
            self.maxIdle = maxIdle
            self.restoreThreads = max(1, restoreThreads)
        }
    }

    /// What the loop owns: the fold, the sequencer and which changelog partitions are restored
    /// (the rebalance hook runs inside the loop's poll; a batch's deliveries tell the sequencer
    /// where its own outputs landed).
    struct Core: Sendable {
        var engine: RoleEngine
        var sequencer: Sequencer
        var restored: Set<KafkaTopicPartition> = []
        /// Of `restored`, those whose restore has not finished: held, but their states are not
        /// all there yet, so nothing is answered for them (`ownedChangelogPartitions`).
        var restoring: Set<KafkaTopicPartition> = []
        /// Per restored changelog partition, the offset its restore read up to and the
        /// records this instance has written to it since (`captureSnapshots`).
        var changelogExtents: [KafkaTopicPartition: ChangelogExtent] = [:]
        /// Per restored changelog partition, the end its last snapshot by this instance stood
        /// for: a periodic snapshot of a partition that did not change since is not written again.
        var snapshotEnds: [KafkaTopicPartition: Int64] = [:]
        /// Where the fold of each owned partition of the role log stands, and own appends beyond it.
        var cursor = FoldCursor<LogRecord>()
    }

    let core: Mutex<Core>
    let role: Role
    let inputTopic: String
    let options: Options
    let configuration: KafkaConfiguration
    let logger: Logger
    /// Where the instance writes: its own, or one the process shares among its roles (`producer` in `init`).
    let producer: KafkaProducer
    /// Whether `producer` is the instance's own, to close when it stops; a shared one is
    /// closed by whoever made it, after every instance using it stopped.
    let ownsProducer: Bool
    let counters = Mutex(Counters())
    /// The instance's own records of passed-over types on its sources that are on their way
    /// (sent by `produce`, not all delivered yet): the loop tells the sequencer where those
    /// already delivered landed before it compares the sources with their ends.
    let ownInFlight = Mutex<[(ticket: KafkaProducer.DeliveryTicket, topic: String)]>([])
    /// The keys held and their bytes, as of the last batch (read by the sampler without touching the core).
    let stateSize = Mutex(StateSize())
    /// Raised by `shutdown()`: stop fetching, finish the batch in hand, commit, leave.
    let stopping = Atomic<Bool>(false)
    /// Set when a source's commit position went back (`Sequencer.takeCommitLowered()`): batches
    /// commit their positions by name until one such commit is answered.
    let lowerCommitOwed = Atomic<Bool>(false)
    /// The consumer the loop polls, for `shutdown()` to end a poll's wait.
    let polling = Mutex<KafkaConsumer?>(nil)
    /// Set when an assignment's state could not be restored: `run()` stops with it before
    /// processing anything more (see `RestoreFailure`).
    let restoreFailure = Mutex<RestoreFailure?>(nil)
    /// How long leaving the group may take before the instance stops without it (librdkafka
    /// 2.0.2's close was seen to hang once the group had dropped the member).
    public static let closeTimeout: Duration = .seconds(20)
    /// How long a commit may take before the loop goes on without its answer, or the instance
    /// leaves without it (the offsets stay stored; the next owner folds again what was not
    /// committed, with the same outputs).
    public static let commitTimeout: Duration = .seconds(10)
    /// How many times a restore is tried before the instance gives up.
    static let restoreAttempts = 3
    /// The threads an assignment's restore uses unless told otherwise: one per core, at most 4.
    public static let defaultRestoreThreads = max(1, min(4, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
    /// How long the sequencer's ask for end offsets may take; unanswered, the partitions wait
    /// (for at most `maxIdle`) and are asked again after the next poll.
    static let endOffsetsTimeout: Duration = .seconds(2)

    /// What the instance has done so far.
    public struct Counters: Sendable, Hashable {
        public var consumed = 0
        /// Own appends folded as soon as they were delivered, not read back.
        public var foldedDirectly = 0
        public var produced = 0
        public var deadLetters = 0
        public var restoredRecords = 0
        /// Of `restoredRecords`, those read from snapshots in the state directory.
        public var restoredFromSnapshots = 0
        /// Snapshots of changelog partitions written to the state directory (periodic ones and the stop's).
        public var snapshotsWritten = 0
        /// Changelog partitions that got no snapshot when one was taken, by why.
        public var snapshotsSkipped: [SnapshotReport.Skip: Int] = [:]
        public var rebalances = 0
        /// Copies and ticks appended to the role log (in bundles: a bundle counts its entries).
        public var appended = 0
        /// Events read from the sources that the role does not take (`Sequencer.takes`), not appended.
        public var passedOver = 0
        /// Times a partition went on without a source that still had unread messages (`Sequencer.Settings.maxIdle`).
        public var idleExpirations = 0
        /// Times a source partition's fetching was paused because too many of its messages waited (`Sequencer.takeFlowChanges`).
        public var sourcePauses = 0
        /// Times a source partition's offsets started again below where it had been read (`Sequencer.takeRestarts`).
        public var sourceRestarts = 0
        /// Source partitions whose end offsets the sequencer asked for, after a poll (`Sequencer.endsToAsk`).
        public var endsAsked = 0
        /// Of those, the ones the broker did not answer in time.
        public var endsNotAnswered = 0
        /// Commits after a batch that failed while the group or the way to it was in flux
        /// (`KafkaError.defersCommit`) or went unanswered: their offsets went with a later one.
        public var deferredCommits = 0

        /// Adds a delivered batch's counts (its `idleExpirations` is the sequencer's running
        /// total); the idle expirations new since the batch before.
        mutating func add(_ batch: Counters) -> Int {
            consumed += batch.consumed
            produced += batch.produced
            deadLetters += batch.deadLetters
            appended += batch.appended
            passedOver += batch.passedOver
            foldedDirectly += batch.foldedDirectly
            sourceRestarts += batch.sourceRestarts
            defer { idleExpirations = batch.idleExpirations }
            return batch.idleExpirations - idleExpirations
        }
    }

    /// An instance running `engine` against the cluster `configuration` points at.
    ///
    /// It writes through `producer` when given: a process running several roles shares one
    /// (made with `producerConfiguration(_:)`) instead of a librdkafka client each, whose
    /// threads and timers cost CPU even at rest (BENCHMARKS.md). Each batch awaits exactly its
    /// own deliveries, so instances sharing a producer do not wait for each other's.
    public init(
        engine: RoleEngine, configuration: KafkaConfiguration, options: Options, producer: KafkaProducer? = nil, logger: Logger
    ) throws(KafkaError) {
        let ticked = Set(engine.sourceTopics.filter { engine.takesTicks(topic: $0) })
        let settings = Sequencer.Settings(
            tickInterval: Int64(options.tickInterval / .milliseconds(1)), maxIdle: Int64(options.maxIdle / .milliseconds(1)), bufferLimit: options.bufferLimit)
        let sequencer = Sequencer(sourceTopics: engine.sourceTopics, tickedTopics: ticked, passedTypes: engine.passedTypes, settings: settings)
        self.core = Mutex(Core(engine: engine, sequencer: sequencer))
        self.role = engine.role
        self.inputTopic = engine.inputTopic
        self.options = options
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "role"] = "\(engine.role.rawValue)"
        self.logger = logger
        self.ownsProducer = producer == nil
        if let producer {
            self.producer = producer
        } else {
            self.producer = try KafkaProducer(configuration: Self.producerConfiguration(configuration), logger: logger)
        }
    }

    /// Closes `producer` after the instances writing through it stopped: waits up to
    /// `closeTimeout`, or what is left of `budget`, for what is in flight, which follows from
    /// nothing committed (every batch's effects were awaited before its offsets were
    /// committed), so what is not delivered by then the next owner of its inputs produces again.
    public static func close(_ producer: KafkaProducer, budget: StopBudget, logger: Logger) async throws {
        let limit = budget.limit(closeTimeout)
        if try await !producer.close(within: limit) {
            logger.warning("stopped with messages undelivered after \(limit): their inputs are not committed, the next owner produces them again")
        }
    }

    /// The producer settings an instance writes with, from the cluster's `configuration`: the
    /// service's partitioner, idempotence, messages of up to 2 MiB (the role log copies inputs
    /// of up to 1 MiB with their headers), no lingering (each stage of a batch is enqueued
    /// whole and then awaited, so librdkafka's 5 ms would only add its wait to every stage).
    /// Settings already in `configuration` stay.
    public static func producerConfiguration(_ configuration: KafkaConfiguration) -> KafkaConfiguration {
        configuration.withServicePartitioner().settingDefault("enable.idempotence", "true")
            .settingDefault("message.max.bytes", "2097152").settingDefault("linger.ms", "0")
    }

    /// What the instance has done so far.
    public var snapshot: Counters { counters.withLock { $0 } }

    /// Asks `run()` to stop gracefully: no more fetching; the batch in hand is
    /// finished (appends, outputs and changelog delivered), its offsets committed, the
    /// group left. Safe to call from any thread, more than once.
    public func shutdown() {
        stopping.store(true, ordering: .relaxed)
        polling.withLock { $0 }?.wakeUp()
    }

    /// Whether `shutdown()` was called.
    public var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// How long a poll may wait: the sequencer's timers (ticks, the bounded wait) need it to
    /// wake; at most a second, so that an idle instance wakes about once a second (a
    /// message ends the wait at once, and `shutdown()` wakes the poll).
    var pollInterval: Duration { min(options.tickInterval, options.maxIdle, .seconds(1)) }

    /// Consumes and processes until `shutdown()` or its service group's graceful shutdown,
    /// then commits, leaves the group and returns. Cancelling the task stops at once
    /// instead: what was not committed is processed again, with the same outputs, by the
    /// next owner of the partitions. Throws `RestoreFailure` if an assignment's state
    /// cannot be restored.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await consume()
        } onGracefulShutdown: {
            self.shutdown()
        }
    }

    private func consume() async throws {
        var consumerConfiguration = configuration
        consumerConfiguration["group.id"] = options.group
        if consumerConfiguration["auto.offset.reset"] == nil { consumerConfiguration["auto.offset.reset"] = "earliest" }
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger) { [self] rebalance, consumer in
            rebalanced(rebalance, consumer: consumer)
        }
        polling.withLock { $0 = consumer }
        defer { polling.withLock { $0 = nil } }
        let topics = core.withLock { $0.engine.sourceTopics } + [inputTopic]
        // Learn where the role writes before the first batch: a first message to a topic
        // librdkafka has no metadata for waited up to a second (`KafkaProducer.prepare`).
        let written = core.withLock { [inputTopic, TopicName.deadLetter] + $0.engine.changelogTopics } + EventCatalog.outputTopics(of: role).sorted()
        let unknown = await producer.prepare(topics: written)
        if !unknown.isEmpty { logger.warning("no metadata yet for \(unknown.joined(separator: ",")): the first messages to them may wait for it") }
        try consumer.subscribe(topics)
        logger.info("joining group", metadata: ["group": "\(options.group)", "topics": "\(topics.joined(separator: ","))"])
        // Periodic snapshots are taken by the loop and written beside it; a capture waiting
        // when a newer one comes is dropped (its partitions are taken again by the newer one).
        let (captures, capturing) = AsyncStream.makeStream(of: SnapshotCapture.self, bufferingPolicy: .bufferingNewest(1))
        do {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                if let observer = options.observer { tasks.addTask { await self.sample(consumer, to: observer) } }
                if let directory = options.stateDirectory, options.snapshotInterval != nil {
                    tasks.addTask {
                        for await capture in captures {
                            await DedicatedThread.run(name: Self.snapshotThreadName) { self.writeSnapshots(capture, to: directory) }
                        }
                    }
                }
                // The writer ends with the loop (after the file in hand): the stop's own snapshots come after it.
                defer {
                    capturing.finish()
                    tasks.cancelAll()
                }
                try await self.process(consumer, snapshots: capturing)
            }
        } catch is CancellationError {
        } catch {
            // Cancelled while awaiting a delivery (Kafka's _INTR): a shutdown like any other.
            if !Task.isCancelled {
                logger.error("processing stopped: \(error)")
                _ = try? await consumer.close(timeout: options.stopBudget.limit(Self.closeTimeout))
                if ownsProducer { _ = try? await producer.close(within: options.stopBudget.limit(Self.closeTimeout)) }
                throw error
            }
        }
        // Cancellation stopped the loop; it must not cut the hand-over short (a cancelled
        // wait for delivery reports ends with _INTR), so that runs in a task of its own, awaited here.
        logger.info("stopped fetching: committing and leaving the group", metadata: ["group": "\(options.group)"])
        try await Task.detached { [self, producer, ownsProducer, logger, options] in
            // Each step bounded, all of them by the stop's one budget: a commit during a
            // rebalance was seen never to be answered, and a close never to finish (a soak's
            // shutdown hang); with no broker, bounds that each hold added up past a grace period.
            let budget = options.stopBudget
            do {
                let limit = budget.limit(Self.commitTimeout)
                if try await !consumer.commit(within: limit) {
                    logger.warning("leaving without the last commit: the group did not confirm it in \(limit)")
                }
            } catch {
                logger.warning("leaving without the last commit: \(error)")
            }
            // Before leaving: until then no other instance writes these changelogs.
            if let directory = options.stateDirectory { await self.writeSnapshots(to: directory, budget: budget) }
            do {
                let limit = budget.limit(Self.closeTimeout)
                if try await consumer.close(timeout: limit) {
                    logger.info("left group", metadata: ["group": "\(options.group)"])
                } else {
                    logger.warning("stopped without leaving the group cleanly: the consumer's close failed or did not finish in \(limit)")
                }
            } catch {
                // What was committed stays committed; the group drops the member at the latest when its session expires.
                logger.warning("the consumer's close ended with an error: \(error)", metadata: ["group": "\(options.group)"])
            }
            // Every batch's effects were awaited before its offsets were committed, so what is
            // still in flight here follows from nothing committed: the next owner produces it again.
            // A shared producer is closed by its maker, once every instance on it stopped.
            if ownsProducer { try await Self.close(producer, budget: budget, logger: logger) }
        }.value
        options.observer?.left()
    }

    /// The end offsets of `partitions`, asked now through the producer (its connection carries
    /// no fetch the broker holds); those not answered are left out, and wait (`maxIdle`).
    private func endOffsets(_ partitions: [KafkaTopicPartition]) async -> [KafkaTopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        var ends: [KafkaTopicPartition: Int64] = [:]
        do {
            ends = try await producer.endOffsets(of: partitions, timeout: Self.endOffsetsTimeout)
        } catch {
            logger.debug("asking end offsets failed: \(error)", metadata: ["partitions": "\(partitions.count)"])
        }
        counters.withLock { $0.endsAsked += partitions.count; $0.endsNotAnswered += partitions.count - ends.count }
        return ends
    }

    private func process(_ consumer: KafkaConsumer, snapshots: AsyncStream<SnapshotCapture>.Continuation) async throws {
        try await withThrowingTaskGroup(of: Void.self) { effects in
            var delivering = false
            var nextSnapshot = options.snapshotInterval.map { ContinuousClock.now + $0 }
            while !isStopping, !Task.isCancelled {
                if let due = nextSnapshot, let interval = options.snapshotInterval, let directory = options.stateDirectory, ContinuousClock.now >= due {
                    nextSnapshot = .now + interval
                    // Every batch's effects delivered first: the states held are then all in the changelogs.
                    while try await effects.next() != nil {}
                    if let capture = await captureSnapshots(in: directory, limit: Self.endOffsetsTimeout, onlyChanged: true) { snapshots.yield(capture) }
                }
                let batch = try await consumer.nextBatch(maxMessages: options.batchSize, timeout: pollInterval)
                // The hook that failed ran inside this poll: none of the batch may be processed.
                if let failure = failedRestore { throw failure }
                let started = ContinuousClock.now
                let now = wallClockMilliseconds()
                // Each message is copied out of librdkafka's buffer once; records of the role log
                // below where its fold stands were folded from memory and are skipped, uncopied.
                var folded: [FoldCursor<LogRecord>.Record] = []
                // In the order read: the sequencer moves each source's position record by record (nil: passed over).
                var read: [(topic: String, partition: Int32, offset: Int64, timestamp: Int64, message: EventMessage?)] = []
                var passedOver = 0
                read.reserveCapacity(batch.count)
                core.withLock { core in
                    // A topic's name is made into a `String` once per batch, not once per message.
                    var topics = KafkaTopicNames()
                    for message in batch {
                        let topic = topics.name(of: message)
                        if topic == inputTopic {
                            if core.cursor.isFolded(message.partition, offset: message.offset) { continue }
                            folded.append((message.partition, message.offset, .read(EventMessage(message))))
                        } else if !message.withHeader("ce_type", { core.sequencer.takes(topic: topic, type: $0) }) {
                            // Not the role's input (another role's, or an output: its own among them): passed over, uncopied.
                            read.append((topic, message.partition, message.offset, message.timestampMilliseconds ?? now, nil))
                            passedOver += 1
                        } else {
                            read.append((topic, message.partition, message.offset, message.timestampMilliseconds ?? now, EventMessage(message)))
                        }
                    }
                }
                let asks = core.withLock { core in
                    for input in read {
                        if let message = input.message {
                            core.sequencer.received(topic: input.topic, partition: input.partition, offset: input.offset, timestamp: input.timestamp, message: message)
                        } else {
                            core.sequencer.passed(topic: input.topic, partition: input.partition, offset: input.offset, timestamp: input.timestamp)
                        }
                    }
                    // A copy of the engine for the tick test (the sequencer mutates the core); it ends with this scope.
                    return { [engine = core.engine] in
                        core.sequencer.endsToAsk(at: now) { engine.tickReaches(partition: $0, at: now) }
                    }()
                }
                // Asked after this poll: what the other sources held when this round's messages were read.
                let ends = await endOffsets(asks.map { KafkaTopicPartition(topic: $0.topic, partition: $0.partition) })
                // An end may already hold outputs of the round before that are delivered, though
                // not all of that round's yet: where they landed is known now, so the source is
                // not taken for behind them (which held this round's messages one round longer).
                let ownLanded = ends.isEmpty ? [:] : reportedOwnPositions()
                let (appends, sources, flow, waiting, restarts) = core.withLock { core in
                    for (partition, offsets) in ownLanded { core.sequencer.delivered(topic: partition.topic, partition: partition.partition, offsets: offsets) }
                    for (partition, end) in ends { core.sequencer.ended(topic: partition.topic, partition: partition.partition, offset: end) }
                    let appends = core.sequencer.drain(at: now)
                    let positions = core.sequencer.takeCommitPositions()
                    if core.sequencer.takeCommitLowered() { lowerCommitOwed.store(true, ordering: .relaxed) }
                    return (
                        appends, positions, core.sequencer.takeFlowChanges(), core.sequencer.pendingCount > 0,
                        core.sequencer.takeRestarts()
                    )
                }
                for restart in restarts {
                    logger.warning(
                        "\(restart.topic)[\(restart.partition)] starts again at offset \(restart.to), below \(restart.from) where it had been read: the topic was deleted and created again, or truncated; its records from \(restart.to) on are folded as new events",
                        metadata: ["topic": "\(restart.topic)", "partition": "\(restart.partition)"])
                }
                if !flow.isEmpty { apply(flow, to: consumer) }
                // Messages that wait, wait for a source behind its end: the consumer must not rest.
                consumer.expectMessages(waiting)
                guard !folded.isEmpty || !appends.isEmpty || !sources.isEmpty else { continue }
                // Append first, learning where each copy landed in the log.
                let landed = try await append(appends)
                let (fromMemory, outputs, changelog, logPositions, idle, folding) = try core.withLock { core in
                    // What was read back, and this batch's appends where they follow it in the log, in log order.
                    let (records, fromMemory) = core.cursor.order(
                        readBack: folded, appended: zip(appends, landed).map { ($0.partition, $1, .appended(.bundle($0.bundle.records))) })
                    var outputs: [OutgoingRecord] = []
                    var logPositions: [Int32: Int64] = [:]
                    for record in records {
                        switch record.payload {
                        case let .read(message): outputs += core.engine.process(message, partition: record.partition, offset: record.offset)
                        case let .appended(contents): outputs += core.engine.process(contents, partition: record.partition, offset: record.offset)
                        }
                        logPositions[record.partition] = record.offset + 1
                    }
                    var report = core.engine.takeReport()
                    report.waiting = core.sequencer.pendingCount
                    report.pausedSources = core.sequencer.pausedCount
                    let changelog = try core.engine.takeChangelog()
                    stateSize.withLock { $0 = core.engine.stateSize }
                    return (fromMemory, outputs, changelog, logPositions, core.sequencer.idleExpirations, report)
                }
                // The sources' offsets up to what was appended, the log's up to what was folded.
                var positions = sources.map { KafkaPartitionOffset(topic: $0.topic, partition: $0.partition, offset: KafkaOffset($0.offset)) }
                for (partition, offset) in logPositions { positions.append(KafkaPartitionOffset(topic: inputTopic, partition: partition, offset: KafkaOffset(offset))) }
                var report = folding
                report.sourceRestarts = restarts.count
                let counts = Counters(
                    consumed: batch.count, foldedDirectly: fromMemory, produced: outputs.count, deadLetters: report.deadLetters.count,
                    appended: appends.reduce(0) { $0 + $1.bundle.records.count }, passedOver: passedOver, idleExpirations: idle,
                    sourceRestarts: restarts.count)
                // Effects leave in batch order: outputs, then the changelog (one delivered ahead of an
                // output it follows, on another topic, would make a next owner skip the record whose
                // output was lost), then the offsets.
                if delivering { try await effects.next() }
                effects.addTask { [self, report] in
                    try await produce(outputs)
                    // Where this instance's changelog records landed, for the snapshots' check (none: no need).
                    let landed = try await produceChangelog(changelog, keepingOffsets: options.stateDirectory != nil)
                    if !landed.isEmpty {
                        core.withLock { core in
                            for (target, offsets) in landed { core.changelogExtents[target]?.wrote(at: offsets) }
                        }
                    }
                    // Counted before the commit: whoever sees the offsets committed sees the counts.
                    let idleExpirations = counters.withLock { $0.add(counts) }
                    try consumer.store(positions)
                    // librdkafka commits a stored offset only above the one committed: a source
                    // that started again below it is committed by name, until such a commit is answered.
                    let byName = lowerCommitOwed.load(ordering: .relaxed)
                    let deferred = try await commit(consumer, explicitly: byName ? positions : nil)
                    if byName, !deferred { lowerCommitOwed.store(false, ordering: .relaxed) }
                    var report = report
                    report.commitDeferred = deferred
                    report.duration = started.duration(to: .now)
                    report.idleExpirations = idleExpirations
                    self.report(report)
                }
                delivering = true
            }
            try await effects.waitForAll()
        }
        if let failure = failedRestore { throw failure }
    }

    /// Pauses the source partitions the sequencer has buffered too much of, and resumes
    /// those it has drained enough (`Sequencer.takeFlowChanges()`). A failed pause only
    /// lets more wait; a partition whose resume failed stays paused until a rebalance, or
    /// until nothing waits and the consumer's rest and probe resume it (it is no longer held).
    private func apply(_ flow: Sequencer.FlowChanges, to consumer: KafkaConsumer) {
        do {
            try consumer.hold(flow.pause.map { KafkaTopicPartition(topic: $0.topic, partition: $0.partition) })
            try consumer.release(flow.resume.map { KafkaTopicPartition(topic: $0.topic, partition: $0.partition) })
        } catch {
            logger.warning("pausing or resuming source partitions failed: \(error)")
        }
        counters.withLock { $0.sourcePauses += flow.pause.count }
    }

    /// The restore that failed, if one did.
    var failedRestore: RestoreFailure? { restoreFailure.withLock { $0 } }

    /// Commits the stored offsets, or `offsets` when given. A commit refused or lost while the group or the way to it
    /// is in flux (`KafkaError.defersCommit`: a rebalance, a coordinator moving, a broker
    /// down) is not an error: the offsets stay stored and the next commit, the revocation
    /// hook or the consumer's resend of owed offsets (`auto.commit.interval.ms` after, when no
    /// batch follows) sends them, or the next owner processes the batch again with the same outputs.
    /// Returns whether the commit was deferred so.
    private func commit(_ consumer: KafkaConsumer, explicitly offsets: [KafkaPartitionOffset]? = nil) async throws -> Bool {
        do {
            if try await consumer.commit(offsets, within: Self.commitTimeout) { return false }
            logger.warning("the group did not answer a commit in \(Self.commitTimeout): the offsets stay stored for the next commit")
        } catch {
            guard error.defersCommit else { throw error }
            logger.info("commit deferred: the offsets stay stored for the next commit", metadata: ["error": "\(error)"])
        }
        counters.withLock { $0.deferredCommits += 1 }
        return true
    }

    /// Sends `records` and awaits exactly their delivery (the batch before's effects may be in
    /// flight on the same producer); where each landed, for those `keepingOffset` picks.
    private func send(_ records: [OutgoingRecord], keepingOffset: (OutgoingRecord) -> Bool) async throws -> [(partition: Int32, offset: Int64)?] {
        try await awaitDelivery(of: try await enqueue(records, keepingOffset: keepingOffset))
    }

    /// Enqueues `records`, keeping the offset of those `keepingOffset` picks.
    private func enqueue(_ records: [OutgoingRecord], keepingOffset: (OutgoingRecord) -> Bool) async throws -> [(ticket: KafkaProducer.DeliveryTicket, kept: Bool)] {
        var tickets: [(ticket: KafkaProducer.DeliveryTicket, kept: Bool)] = []
        tickets.reserveCapacity(records.count)
        for record in records {
            let kept = keepingOffset(record)
            tickets.append((try await producer.send(record.message.producerMessage(topic: record.topic, partition: record.partition), keepingOffset: kept), kept))
        }
        return tickets
    }

    /// Awaits exactly `tickets`' delivery; where each kept one landed.
    private func awaitDelivery(of tickets: [(ticket: KafkaProducer.DeliveryTicket, kept: Bool)]) async throws -> [(partition: Int32, offset: Int64)?] {
        try await producer.awaitDelivery(of: tickets.map(\.ticket))
        return tickets.map { $0.kept ? producer.deliveredPosition(of: $0.ticket) : nil }
    }

    /// Where the own records in flight (`ownInFlight`) whose delivery reports came landed.
    private func reportedOwnPositions() -> [KafkaTopicPartition: [Int64]] {
        let own = ownInFlight.withLock { $0 }
        guard !own.isEmpty else { return [:] }
        return Self.landed(topics: own.map(\.topic), positions: producer.reportedPositions(of: own.map(\.ticket)))
    }

    /// The offsets records landed at, by topic partition; `positions[i]` is where the record
    /// of `topics[i]` landed (nil: not known, left out).
    private static func landed(topics: [String], positions: [(partition: Int32, offset: Int64)?]) -> [KafkaTopicPartition: [Int64]] {
        var landed: [KafkaTopicPartition: [Int64]] = [:]
        for case let (topic, position?) in zip(topics, positions) {
            landed[KafkaTopicPartition(topic: topic, partition: position.partition), default: []].append(position.offset)
        }
        return landed
    }

    /// Appends to the role log; where each bundle landed (nil: not known).
    private func append(_ appends: [Sequencer.Append]) async throws -> [Int64?] {
        try await send(appends.map { OutgoingRecord(topic: inputTopic, partition: $0.partition, message: $0.message) }) { _ in true }.map { $0?.offset }
    }

    /// Produces a batch's changelog records; where they landed, when `keepingOffsets`.
    private func produceChangelog(_ records: [OutgoingRecord], keepingOffsets: Bool) async throws -> [KafkaTopicPartition: [Int64]] {
        let tickets = try await enqueue(records) { _ in keepingOffsets }
        return Self.landed(topics: records.map(\.topic), positions: try await awaitDelivery(of: tickets))
    }

    /// Produces a batch's outputs. Those on the role's own sources of types it passes over
    /// are passed over where they landed, before they are read back.
    private func produce(_ records: [OutgoingRecord]) async throws {
        let passed = core.withLock { $0.sequencer.passed }
        let tickets = try await enqueue(records) { record in
            record.message.headers.withValue(named: "ce_type") { passed.contains(topic: record.topic, type: $0) }
        }
        let own = zip(records, tickets).compactMap { $1.kept ? (ticket: $1.ticket, topic: $0.topic) : nil }
        if !own.isEmpty { ownInFlight.withLock { $0 += own } }
        defer {
            if !own.isEmpty {
                let done = Set(own.map(\.ticket))
                ownInFlight.withLock { $0.removeAll { done.contains($0.ticket) } }
            }
        }
        let landed = Self.landed(topics: records.map(\.topic), positions: try await awaitDelivery(of: tickets))
        guard !landed.isEmpty else { return }
        core.withLock { core in
            for (partition, offsets) in landed { core.sequencer.delivered(topic: partition.topic, partition: partition.partition, offsets: offsets) }
        }
    }

    /// Runs inside librdkafka's rebalance callback, on the consumer's thread, inside the loop's poll.
    private func rebalanced(_ rebalance: KafkaRebalance, consumer: KafkaConsumer) {
        counters.withLock { $0.rebalances += 1 }
        switch rebalance {
        case .assigned(let partitions):
            let started = ContinuousClock.now
            options.observer?.assigned(partitions)
            let logs = partitions.filter { $0.topic == inputTopic }
            restore(logs)
            start(partitions, consumer: consumer)
            let took = started.duration(to: .now)
            options.observer?.restored(partitions, duration: took)
            // The Kafka client logged the assignment ("Kafka partitions assigned"); this is its end.
            logger.info("assigned partitions restored, processing", metadata: ["partitions": "\(partitions.count)", "seconds": "\(took.loggedSeconds)"])
        case .revoked(let partitions):
            // Every batch is committed as it is processed; this commit only catches one a
            // rebalance refused, and is not awaited: a blocking commit inside a revocation was
            // seen to hang with librdkafka 2.0.2's mock once the group had dropped the member
            // (what it misses, the next owner folds again, with the same outputs). Not while
            // stopping: run() commits before closing.
            if !isStopping { try? consumer.commitWithoutWaiting() }
            core.withLock { core in
                for partition in partitions {
                    if partition.topic == inputTopic {
                        core.engine.drop(partition: partition.partition)
                        core.cursor.revoked(partition.partition)
                        for changelog in core.engine.changelogTopics(partition: partition.partition) {
                            let target = KafkaTopicPartition(topic: changelog, partition: partition.partition)
                            core.restored.remove(target)
                            core.changelogExtents[target] = nil
                            core.snapshotEnds[target] = nil
                        }
                    } else {
                        core.sequencer.revoked(topic: partition.topic, partition: partition.partition)
                    }
                }
                stateSize.withLock { $0 = core.engine.stateSize }
            }
            options.observer?.revoked(partitions)
            logger.info("partitions revoked", metadata: ["partitions": "\(partitions.count)"])
        }
    }

    /// Where reading each newly assigned partition starts (its committed offset): the sequencer
    /// knows from the start whether a source has unread messages, and the fold of a role-log
    /// partition where it stands (an own append that lands right there is folded straight away).
    private func start(_ partitions: [KafkaTopicPartition], consumer: KafkaConsumer) {
        // A stopping instance reads nothing more: its next owner starts them.
        guard !partitions.isEmpty, !isStopping else { return }
        var positions: [KafkaTopicPartition: Int64] = [:]
        // Asked again after a failure (a coordinator moving): a source whose position stays unknown
        // and that gets nothing new holds its partition back for maxIdle on every event.
        for attempt in 1...Self.committedOffsetAttempts {
            do {
                for entry in try consumer.committedOffsets(for: partitions) where entry.offset.rawValue >= 0 {
                    positions[entry.topicPartition] = entry.offset.rawValue
                }
                // Without a committed offset, reading starts where the partition starts now: not
                // 0 when its oldest records expired, so a quiet source whose records all expired
                // is not taken for one with unread messages.
                let uncommitted = partitions.filter { positions[$0] == nil }
                if !uncommitted.isEmpty {
                    do {
                        positions.merge(try consumer.startOffsets(of: uncommitted)) { committed, _ in committed }
                    } catch {
                        logger.warning(
                            "where \(uncommitted.count) partitions without a committed offset start is not known (\(error)): until a source of them gets a new message, its partition waits up to \(options.maxIdle) for it")
                    }
                }
                break
            } catch {
                guard attempt == Self.committedOffsetAttempts else {
                    usleep(useconds_t(200_000 * attempt))
                    continue
                }
                logger.warning(
                    "the committed offsets of \(partitions.count) partitions are not known after \(attempt) attempts (\(error)): until a source gets a new message, its partition waits up to \(options.maxIdle) for it")
            }
        }
        let now = wallClockMilliseconds()
        core.withLock { core in
            for partition in partitions {
                if partition.topic == inputTopic {
                    core.cursor.assigned(partition.partition, at: positions[partition])
                } else {
                    core.sequencer.assigned(topic: partition.topic, partition: partition.partition, position: positions[partition], at: now)
                }
            }
        }
    }

    /// How many times `start` asks for the committed offsets of a new assignment.
    static let committedOffsetAttempts = 3

    /// Reads the changelog partitions of newly assigned role-log partitions into the engine.
    private func restore(_ logs: [KafkaTopicPartition]) {
        let fresh = core.withLock { core in
            var fresh: [KafkaTopicPartition] = []
            for log in logs {
                for changelog in core.engine.changelogTopics(partition: log.partition) {
                    let target = KafkaTopicPartition(topic: changelog, partition: log.partition)
                    if core.restored.insert(target).inserted { fresh.append(target) }
                }
            }
            core.restoring.formUnion(fresh)
            return fresh.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
        }
        guard !fresh.isEmpty else { return }
        defer { core.withLock { $0.restoring.subtract(fresh) } }
        var lastError: (any Error)?
        for attempt in 1...Self.restoreAttempts {
            do {
                let (total, ends) = try read(fresh)
                core.withLock { core in
                    for target in fresh {
                        core.changelogExtents[target] = ends[target].map(ChangelogExtent.init(restoredEnd:))
                        core.snapshotEnds[target] = nil
                    }
                    // The gauge counts what is held from now on, not from the next batch on.
                    stateSize.withLock { $0 = core.engine.stateSize }
                }
                counters.withLock { $0.restoredRecords += total }
                logger.debug("restored", metadata: ["partitions": "\(fresh.count)", "records": "\(total)"])
                return
            } catch {
                lastError = error
                // What the failed attempt applied is partial: forget it before the next one.
                core.withLock { core in
                    for partition in Set(fresh.map(\.partition)) { core.engine.drop(partition: partition) }
                }
                // A stop asked meanwhile ends the restore: nothing of it is held, answered or
                // snapshotted, and the next owner restores the partitions whole.
                if isStopping {
                    core.withLock { core in
                        for target in fresh { core.restored.remove(target) }
                    }
                    logger.info("restoring \(fresh.count) changelog partitions given up: the instance is stopping (\(error))")
                    return
                }
                logger.warning(
                    "restoring \(fresh.map(\.description).joined(separator: ",")) failed (attempt \(attempt) of \(Self.restoreAttempts)): \(error)")
                if attempt < Self.restoreAttempts { usleep(UInt32(attempt) * 500_000) }
            }
        }
        let failure = RestoreFailure(changelogs: fresh, attempts: Self.restoreAttempts, reason: lastError.map { "\($0)" } ?? "")
        restoreFailure.withLock { $0 = $0 ?? failure }
        logger.error("stopping: \(failure)")
    }

    /// Reads `changelogs` into the engine; returns how many records they held and the offset
    /// each was read up to.
    ///
    /// The partition numbers are shared out among up to `Options.restoreThreads` threads,
    /// each restoring its own into a copy of the engine (decoding the states is most of a
    /// restore's work); the engine then adopts each copy's partitions. All of a partition
    /// number's changelogs go to one thread, with its checkpoint. A changelog partition with
    /// a usable snapshot in the state directory is restored from it, then read from the
    /// offset the snapshot stands for.
    private func read(_ changelogs: [KafkaTopicPartition]) throws -> (records: Int, ends: [KafkaTopicPartition: Int64]) {
        let template = core.withLock { $0.engine }
        let reader = KafkaPartitionReader(configuration: configuration, logger: logger) { [self] in isStopping }
        let resume = try snapshotOffsets(changelogs, reader: reader)
        let fromSnapshots = Mutex(0)
        let shares = try reader.read(
            changelogs, from: resume, threads: options.restoreThreads, groupedBy: \.partition,
            start: { [options, logger] share in
                var engine = template
                guard let directory = options.stateDirectory else { return engine }
                for target in share where resume[target] != nil {
                    guard let snapshot = try directory.take(target), snapshot.offset == resume[target] else {
                        throw StateDirectory.Failure(path: directory.file(of: target), reason: "it changed while the restore began")
                    }
                    for record in snapshot.records {
                        do {
                            try engine.restore(changelog: target.topic, partition: target.partition, key: record.key, value: record.value, headers: record.headers)
                        } catch {
                            throw StateDirectory.Failure(
                                path: directory.file(of: target), reason: "the state of \(String(decoding: record.key ?? [], as: UTF8.self)) cannot be read: \(error)")
                        }
                    }
                    fromSnapshots.withLock { $0 += snapshot.records.count }
                    logger.debug("restored from snapshot", metadata: ["changelog": "\(target)", "records": "\(snapshot.records.count)", "offset": "\(snapshot.offset)"])
                }
                return engine
            }
        ) { engine, message in
            let target = message.topicPartition
            let key = message.key
            do {
                try engine.restore(
                    changelog: target.topic, partition: target.partition, key: key, value: message.value,
                    headers: message.headers)
            } catch {
                throw UnreadableChangelogRecord(
                    partition: target, offset: message.offset, key: String(decoding: key ?? [], as: UTF8.self), reason: "\(error)")
            }
        }
        let snapshotRecords = fromSnapshots.withLock { $0 }
        counters.withLock { $0.restoredFromSnapshots += snapshotRecords }
        options.observer?.restoredRecords(fromSnapshots: snapshotRecords, fromChangelogs: shares.reduce(0) { $0 + $1.records })
        if !resume.isEmpty {
            logger.info(
                "restored \(resume.count) changelog partitions from snapshots",
                metadata: ["records.snapshots": "\(snapshotRecords)", "records.changelogs": "\(shares.reduce(0) { $0 + $1.records })"])
        }
        core.withLock { core in
            for share in shares {
                for number in Set(share.partitions.map(\.partition)) { core.engine.adopt(partition: number, from: share.accumulator) }
            }
        }
        let ends = shares.reduce(into: [KafkaTopicPartition: Int64]()) { $0.merge($1.ends) { $1 } }
        return (shares.reduce(0) { $0 + $1.records } + snapshotRecords, ends)
    }
}
