#if canImport(Glibc)
import Glibc
#endif
import Contracts
import Events
import Kafka
import Logging
import Synchronization

/// Runs a role on Kafka: one member of the role's consumer group.
///
/// For each batch: the engine turns the messages into output events, rejections
/// and dead letters; they are produced and their delivery awaited; then the
/// changed states and the input checkpoint go to the changelog and are awaited;
/// only then are the input offsets stored and committed. On assignment the
/// instance reads the changelog partitions of what it got, inside the rebalance
/// callback, before their first message (a restore that fails after a few attempts
/// stops the instance with `RestoreFailure`: it never processes from a partial
/// state); on revocation it drops them. A ticker writes a clock tick to each tick
/// partition it owns, every `tickInterval`, once the partition's backlog has been
/// read (`TickGate`), placed after what the engine has applied (`TickOrder`); offsets
/// are committed as far as messages are applied, not read.
public final class RoleRunner: Sendable {
    /// Settings of one instance.
    public struct Options: Sendable {
        /// The consumer group (`maintenanced-<role>` by default).
        public var group: String
        /// How often each owned partition gets a clock tick.
        public var tickInterval: Duration
        /// The most messages processed as one batch.
        public var batchSize: Int
        /// Told about rebalances, restores and batches, for metrics and readiness.
        public var observer: (any RoleObserver)?
        /// The longest a newly assigned partition's ticks wait for its backlog (see `TickGate`).
        public var tickHold: Duration

        public init(
            group: String, tickInterval: Duration = .seconds(1), batchSize: Int = 500, observer: (any RoleObserver)? = nil,
            tickHold: Duration = .seconds(30)
        ) {
            self.group = group
            self.tickInterval = tickInterval
            self.batchSize = batchSize
            self.observer = observer
            self.tickHold = tickHold
        }
    }

    let engine: Mutex<RoleEngine>
    let options: Options
    let configuration: KafkaConfiguration
    let logger: Logger
    let producer: KafkaProducer
    /// Tick partitions owned now, and changelog partitions restored.
    let ownership: Mutex<(ticks: TickGate, restored: Set<KafkaTopicPartition>)>
    let counters = Mutex(Counters())
    /// Raised by `shutdown()`: stop fetching, finish the batch in hand, commit, leave.
    let stopping = Atomic<Bool>(false)
    /// Set when an assignment's state could not be restored: `run()` stops with it before
    /// processing anything more (see `RestoreFailure`).
    let restoreFailure = Mutex<RestoreFailure?>(nil)
    /// How long leaving the group may take before the instance stops without it (librdkafka
    /// 2.0.2's close was seen to hang once the group had dropped the member).
    static let closeTimeout: Duration = .seconds(20)
    /// How many times a restore is tried before the instance gives up.
    static let restoreAttempts = 3

    /// What the instance has done so far.
    public struct Counters: Sendable, Hashable {
        public var consumed = 0
        public var produced = 0
        public var deadLetters = 0
        public var restoredRecords = 0
        public var rebalances = 0
    }

    /// An instance running `engine` against the cluster `configuration` points at.
    public init(engine: RoleEngine, configuration: KafkaConfiguration, options: Options, logger: Logger) throws(KafkaError) {
        self.engine = Mutex(engine)
        self.options = options
        self.ownership = Mutex((TickGate(maxHold: options.tickHold), []))
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "role"] = "\(engine.role.rawValue)"
        self.logger = logger
        self.producer = try KafkaProducer(
            configuration: configuration.withServicePartitioner().settingDefault("enable.idempotence", "true"), logger: logger)
    }

    /// What the instance has done so far.
    public var snapshot: Counters { counters.withLock { $0 } }

    /// Asks `run()` to stop gracefully: no more fetching; the batch in hand is
    /// finished (outputs and changelog delivered), its offsets committed, the group
    /// left. Safe to call from any thread, more than once.
    public func shutdown() {
        stopping.store(true, ordering: .relaxed)
    }

    /// Whether `shutdown()` was called.
    public var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Consumes and processes until `shutdown()`, then commits, leaves the group and
    /// returns. Cancelling the task stops at once instead: what was not committed is
    /// processed again, with the same outputs, by the next owner of the partitions.
    /// Throws `RestoreFailure` if an assignment's state cannot be restored.
    public func run() async throws {
        var consumerConfiguration = configuration
        consumerConfiguration["group.id"] = options.group
        if consumerConfiguration["auto.offset.reset"] == nil { consumerConfiguration["auto.offset.reset"] = "earliest" }
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger) { [self] rebalance, consumer in
            rebalanced(rebalance, consumer: consumer)
        }
        let topics = engine.withLock { $0.inputTopics }
        try consumer.subscribe(topics)
        logger.info("joining group", metadata: ["group": "\(options.group)", "topics": "\(topics.joined(separator: ","))"])
        do {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask {
                    do {
                        try await self.tickLoop(consumer)
                    } catch {
                        // Cancelled after processing stopped: not a failure.
                        guard !Task.isCancelled else { return }
                        self.shutdown()
                        throw error
                    }
                }
                if let observer = options.observer {
                    tasks.addTask {
                        do {
                            try await self.sample(consumer, to: observer)
                        } catch {
                            guard !Task.isCancelled else { return }
                            throw error
                        }
                    }
                }
                do {
                    try await self.process(consumer)
                } catch {
                    tasks.cancelAll()
                    throw error
                }
                tasks.cancelAll()
                try await tasks.waitForAll()
            }
        } catch is CancellationError {
        } catch {
            // Cancelled while awaiting a delivery (Kafka's _INTR): a shutdown like any other.
            if !Task.isCancelled {
                logger.error("processing stopped: \(error)")
                _ = try? await consumer.close(timeout: Self.closeTimeout)
                try? await producer.close()
                throw error
            }
        }
        // Cancellation stopped the loops; it must not cut the hand-over short (a cancelled
        // wait for delivery reports ends with _INTR), so that runs in a task of its own, awaited here.
        let closed = try await Task.detached { [producer] in
            try? await consumer.commit()
            let closed = try await consumer.close(timeout: Self.closeTimeout)
            try await producer.close()
            return closed
        }.value
        options.observer?.left()
        if closed {
            logger.info("left group", metadata: ["group": "\(options.group)"])
        } else {
            logger.warning("stopped without leaving the group: the consumer's close did not finish in \(Self.closeTimeout)", metadata: ["group": "\(options.group)"])
        }
    }

    private func process(_ consumer: KafkaConsumer) async throws {
        for try await batch in consumer.batches(maxMessages: options.batchSize, until: { [self] in isStopping || failedRestore != nil }) {
            // The hook that failed ran inside this poll: none of the batch may be processed.
            if let failure = failedRestore { throw failure }
            let started = ContinuousClock.now
            // Each message is copied out of librdkafka's buffer once, for the engine and the report.
            let inputs = batch.map { (topic: $0.topic, partition: $0.partition, offset: $0.offset, message: EventMessage($0)) }
            let (outputs, changelog, applied, held) = try engine.withLock { engine in
                var outputs: [OutgoingRecord] = []
                for (message, input) in zip(batch, inputs) {
                    outputs += engine.process(
                        input.message, topic: input.topic, partition: input.partition, offset: input.offset,
                        timestamp: message.timestampMilliseconds ?? 0)
                }
                return (outputs, try engine.takeChangelog(), engine.appliedOffsets, engine.heldMessages)
            }
            try await produce(outputs)
            try await produce(changelog)
            // What was applied, not what was read: a message waiting for a clock tick is read again by a next owner.
            try consumer.store(applied.map { KafkaPartitionOffset(topic: $0.topic, partition: $0.partition, offset: KafkaOffset($0.offset)) })
            try await commit(consumer)
            let deadLetters = outputs.filter { $0.topic == TopicName.deadLetter }.count
            counters.withLock {
                $0.consumed += batch.count
                $0.produced += outputs.count
                $0.deadLetters += deadLetters
            }
            report(inputs, outputs: outputs, changelog: changelog, held: held, since: started)
        }
        if let failure = failedRestore { throw failure }
    }

    /// The restore that failed, if one did.
    var failedRestore: RestoreFailure? { restoreFailure.withLock { $0 } }

    /// Commits the stored offsets. A commit the group refuses because it is rebalancing
    /// is not an error: the offsets stay stored and the revocation hook commits them,
    /// or the next owner processes the batch again with the same outputs.
    private func commit(_ consumer: KafkaConsumer) async throws {
        do {
            try await consumer.commit()
        } catch {
            guard error.isGroupRebalance else { throw error }
            logger.debug("commit deferred: the group is rebalancing", metadata: ["error": "\(error)"])
        }
    }

    private func produce(_ records: [OutgoingRecord]) async throws {
        guard !records.isEmpty else { return }
        for record in records {
            _ = try await producer.send(record.message.producerMessage(topic: record.topic, partition: record.partition))
        }
        try await producer.flush()
    }

    private func tickLoop(_ consumer: KafkaConsumer) async throws {
        let codec = CloudEventCodec()
        let (role, tickedTopics) = engine.withLock { ($0.role, $0.tickedTopics) }
        var sequence = 0
        while !isStopping {
            try await Task.sleep(for: options.tickInterval)
            let lag = ownership.withLock { $0.ticks.isHolding } ? (try? await consumer.lag()) ?? [:] : [:]
            let (partitions, released) = ownership.withLock { ownership in
                ownership.ticks.partitionsToTick(at: .now) { partition in
                    tickedTopics.reduce(Int64?(0)) { total, topic in
                        guard let total, let lag = lag[KafkaTopicPartition(topic: topic, partition: partition)] else { return nil }
                        return total + lag
                    }
                }
            }
            for (partition, release) in released.sorted(by: { $0.key < $1.key }) {
                if release == .heldTooLong {
                    logger.warning("ticking partition \(partition) before its backlog is read: it was held \(options.tickHold)")
                    engine.withLock { $0.stopAwaitingBacklog(partition: partition) }
                } else {
                    logger.debug("ticking partition \(partition): its backlog is read")
                }
            }
            guard !partitions.isEmpty else { continue }
            let time = wallClockMilliseconds()
            sequence += 1
            var written = 0
            for partition in partitions {
                let id = "\(role.rawValue)-\(options.group)-\(time)-\(partition)-\(sequence)"
                // Placed after what the engine has applied; nil while anything of the partition waits (see makeTick).
                guard let tick = engine.withLock({ $0.makeTick(partition: partition, id: id) }) else { continue }
                let message = codec.encode(tick.cloudEvent(id: id, source: role.source, time: time), key: "p\(partition)")
                _ = try await producer.send(message.producerMessage(topic: TopicName.ticks, partition: partition))
                written += 1
            }
            if written > 0 { try await producer.flush() }
        }
    }

    /// Runs inside librdkafka's rebalance callback, on the consumer's thread.
    private func rebalanced(_ rebalance: KafkaRebalance, consumer: KafkaConsumer) {
        counters.withLock { $0.rebalances += 1 }
        switch rebalance {
        case .assigned(let partitions):
            let started = ContinuousClock.now
            options.observer?.assigned(partitions)
            for partition in partitions where partition.topic == TopicName.ticks {
                ownership.withLock { $0.ticks.assigned(partition.partition, at: started) }
            }
            restore(partitions)
            placeBacklog(partitions, consumer: consumer)
            options.observer?.restored(partitions, duration: started.duration(to: .now))
            logger.info("partitions assigned", metadata: ["partitions": "\(partitions.count)"])
        case .revoked(let partitions):
            // Every batch is committed as it is processed; this commit only catches one a
            // rebalance refused. Not while stopping: run() commits before closing, and a
            // blocking commit inside the close's revocation was seen to hang with librdkafka
            // 2.0.2's mock once the group had dropped the member.
            if !isStopping { try? consumer.commitBlocking() }
            engine.withLock { engine in
                for partition in partitions { engine.drop(topic: partition.topic, partition: partition.partition) }
            }
            let changelogs = engine.withLock { engine in
                partitions.compactMap { partition in
                    engine.changelogTopic(for: partition.topic).map { KafkaTopicPartition(topic: $0, partition: partition.partition) }
                }
            }
            ownership.withLock { ownership in
                for partition in partitions where partition.topic == TopicName.ticks { ownership.ticks.revoked(partition.partition) }
                for changelog in changelogs { ownership.restored.remove(changelog) }
            }
            options.observer?.revoked(partitions, changelogs: changelogs)
            logger.info("partitions revoked", metadata: ["partitions": "\(partitions.count)"])
        }
    }

    /// Tells the engine, for each newly assigned ticks partition, where the backlog of its
    /// ticked inputs ends (ticks included): nothing of the partition is applied before it is
    /// read, then the backlog goes oldest first, so a replay applies ticks and events in the
    /// order of the first run (`TickOrder`).
    private func placeBacklog(_ partitions: [KafkaTopicPartition], consumer: KafkaConsumer) {
        let ticked = Set(engine.withLock { $0.tickedTopics } + [TopicName.ticks])
        let numbers = Set(partitions.filter { $0.topic == TopicName.ticks }.map(\.partition))
        guard !numbers.isEmpty else { return }
        let inputs = partitions.filter { ticked.contains($0.topic) && numbers.contains($0.partition) }
        var backlog: [Int32: [String: Range<Int64>]] = [:]
        do {
            for entry in try consumer.committedOffsets(for: inputs) {
                let marks = try consumer.queryWatermarks(of: entry.topicPartition)
                // Reading starts at the committed offset, or at the oldest one (auto.offset.reset=earliest).
                let start = entry.offset == .unset ? marks.low : max(entry.offset.rawValue, marks.low)
                if start < marks.high { backlog[entry.topicPartition.partition, default: [:]][entry.topicPartition.topic] = start..<marks.high }
            }
        } catch {
            logger.warning(
                "the backlog of \(numbers.count) new partitions is not known (\(error)): their messages are applied as read, so a replay may order them unlike the first run")
            backlog = [:]
        }
        // A previous owner applied at most one batch past its checkpoint; its ticks not read back
        // may lie behind the other roles' ticks: a few batches cover both.
        let limit = Int64(options.batchSize) * 4
        engine.withLock { engine in
            for partition in numbers { engine.awaitBacklog(partition: partition, backlog: backlog[partition] ?? [:], limit: limit) }
        }
    }

    /// Reads the changelog partitions of newly assigned input partitions (each once, however
    /// many input topics share it) into the engine, all with one reader.
    private func restore(_ inputs: [KafkaTopicPartition]) {
        let targets = engine.withLock { engine in
            inputs.compactMap { input in engine.changelogTopic(for: input.topic).map { KafkaTopicPartition(topic: $0, partition: input.partition) } }
        }
        let fresh = ownership.withLock { ownership in
            Set(targets).filter { ownership.restored.insert($0).inserted }.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
        }
        guard !fresh.isEmpty else { return }
        var lastError: (any Error)?
        for attempt in 1...Self.restoreAttempts {
            do {
                let total = try read(fresh)
                counters.withLock { $0.restoredRecords += total }
                logger.debug("restored", metadata: ["partitions": "\(fresh.count)", "records": "\(total)"])
                return
            } catch {
                lastError = error
                // What the failed attempt applied is partial: forget it before the next one.
                engine.withLock { engine in
                    for changelog in fresh { engine.drop(changelog: changelog.topic, partition: changelog.partition) }
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

    /// Reads `changelogs` into the engine with one reader; returns how many records they held.
    private func read(_ changelogs: [KafkaTopicPartition]) throws -> Int {
        let reader = ChangelogReader(configuration: configuration, logger: logger)
        let counts = try reader.read(changelogs) { message in
            let target = message.topicPartition
            let key = message.key
            options.observer?.restoredRecord(target, key: key, valueBytes: message.unsafeValue == nil ? nil : message.valueCount)
            let value = message.value
            do {
                try engine.withLock { engine in
                    try engine.restore(changelog: target.topic, partition: target.partition, key: key, value: value)
                }
            } catch {
                throw ChangelogReadError.unreadableRecord(
                    target, offset: message.offset, key: String(decoding: key ?? [], as: UTF8.self), reason: "\(error)")
            }
        }
        return counts.values.reduce(0, +)
    }
}

/// Wall-clock milliseconds since the Unix epoch: the time of a tick an instance writes,
/// or of an event a client of the service sends.
public func wallClockMilliseconds() -> Int64 {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
}
