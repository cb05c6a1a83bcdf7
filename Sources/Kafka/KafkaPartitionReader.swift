import Logging
import Synchronization

/// Reads partitions from their beginning (or from an offset given for each) up to the high
/// watermarks they had when the read began, outside any group: the way to rebuild state from
/// compacted changelog topics.
///
/// One consumer reads every partition at once: a consumer per partition paid its creation,
/// connection and first fetch for each, which dominated the read of many small partitions.
public struct KafkaPartitionReader: Sendable {
    /// A partition was not read to its end in the time allowed.
    public struct Incomplete: Error, CustomStringConvertible, Sendable {
        public var partition: KafkaTopicPartition
        /// The next offset it would have read.
        public var reached: Int64
        /// Its high watermark when the read began.
        public var high: Int64

        public var description: String { "reading \(partition) stopped at offset \(reached) of \(high)" }
    }

    /// What a read did with one partition.
    public struct Read: Sendable, Hashable {
        /// The records read and applied.
        public var records: Int
        /// The offset it read up to: the partition's high watermark when the read began.
        public var end: Int64
    }

    /// An offset to read a partition from is no longer, or not yet, in it.
    public struct OffsetOutOfRange: Error, CustomStringConvertible, Sendable {
        public var partition: KafkaTopicPartition
        /// The offset asked for.
        public var offset: Int64
        /// The partition's watermarks when the read began.
        public var watermarks: KafkaWatermarks

        public var description: String {
            "cannot read \(partition) from offset \(offset): it holds offsets \(watermarks.low) to \(watermarks.high)"
        }
    }

    /// A read given up because `abandoned` said so (a stop asked while it waited).
    public struct Abandoned: Error, CustomStringConvertible, Sendable {
        public var description: String { "reading the partitions was given up: the instance is stopping" }
    }

    let configuration: KafkaConfiguration
    let logger: Logger
    /// Asked between requests and polls: when it answers true, a read throws `Abandoned` at once
    /// instead of waiting out its time (a stop must not wait minutes for a restore).
    let abandoned: @Sendable () -> Bool

    /// A reader of the cluster `configuration` points at (its `group.id` is not used).
    public init(configuration: KafkaConfiguration, logger: Logger, abandoned: @escaping @Sendable () -> Bool = { false }) {
        self.configuration = configuration
        self.logger = logger
        self.abandoned = abandoned
    }

    /// The watermarks of `partitions`, asked of their leaders.
    public func watermarks(of partitions: [KafkaTopicPartition]) throws -> [KafkaTopicPartition: KafkaWatermarks] {
        guard !partitions.isEmpty else { return [:] }
        var configuration = configuration
        configuration["group.id"] = nil
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        defer { try? consumer.closeBlocking() }
        var watermarks: [KafkaTopicPartition: KafkaWatermarks] = [:]
        for partition in partitions { watermarks[partition] = try consumer.queryWatermarks(of: partition) }
        return watermarks
    }

    /// Calls `apply` with each record of `partitions`, in order within each partition, from
    /// the partition's offset in `offsets` (its beginning when it has none there); returns
    /// how many records each partition had from there, and where it ended. Throws `OffsetOutOfRange` when an
    /// offset given is below the partition's low watermark or above its high one. Blocks the calling thread (a restore
    /// runs inside a rebalance hook, on the consumer's thread). Throws `Incomplete` when the
    /// partitions are not read within 120 s plus 5 s per partition.
    public func read(
        _ partitions: [KafkaTopicPartition], from offsets: [KafkaTopicPartition: Int64] = [:], _ apply: (KafkaMessage) throws -> Void
    ) throws -> [KafkaTopicPartition: Read] {
        guard !partitions.isEmpty else { return [:] }
        var configuration = configuration
        configuration["group.id"] = nil
        // What it prefetches is garbage once applied: keep the read-ahead well under the
        // default 64 MB, so a read does not leave its high-water mark in the heap.
        configuration = configuration.settingDefault("queued.max.messages.kbytes", "16384")
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        defer { try? consumer.closeBlocking() }
        var read: [KafkaTopicPartition: Read] = [:]
        var remaining: [KafkaTopicPartition: (next: Int64, high: Int64)] = [:]
        var assignment: [KafkaPartitionOffset] = []
        for partition in partitions {
            if abandoned() { throw Abandoned() }
            let watermarks = try consumer.queryWatermarks(of: partition)
            read[partition] = Read(records: 0, end: watermarks.high)
            var start = watermarks.low
            if let offset = offsets[partition] {
                guard offset >= watermarks.low, offset <= watermarks.high else {
                    throw OffsetOutOfRange(partition: partition, offset: offset, watermarks: watermarks)
                }
                start = offset
            }
            guard watermarks.high > start else { continue }
            remaining[partition] = (start, watermarks.high)
            let from = offsets[partition] == nil ? KafkaOffset.beginning : KafkaOffset(start)
            assignment.append(KafkaPartitionOffset(topic: partition.topic, partition: partition.partition, offset: from))
        }
        guard !assignment.isEmpty else { return read }
        try consumer.assign(assignment)
        // Partitions are fetched in turn, so allow the whole read, not a per-partition time.
        let deadline = ContinuousClock.now + .seconds(120 + 5 * remaining.count)
        while !remaining.isEmpty {
            guard ContinuousClock.now < deadline else {
                let (partition, position) = remaining.min { $0.key.description < $1.key.description }!
                throw Incomplete(partition: partition, reached: position.next, high: position.high)
            }
            if abandoned() { throw Abandoned() }
            let batch = try consumer.poll(maxMessages: 10_000, timeout: .milliseconds(500))
            for message in batch {
                let partition = message.topicPartition
                guard let position = remaining[partition], message.offset < position.high else { continue }
                try apply(message)
                read[partition]?.records += 1
                if message.offset + 1 >= position.high {
                    remaining[partition] = nil
                } else {
                    remaining[partition]?.next = message.offset + 1
                }
            }
        }
        return read
    }

    /// `read(_:_:)` on up to `threads` threads at once, each with a consumer of its own: the
    /// partitions are shared out by `group` (those of one group go to one thread), and each
    /// thread applies its records to an accumulator of its own, made by `start` (on that
    /// thread, from the partitions of its share) before its share is read. Returns
    /// each thread's accumulator with its partitions, record count and where each partition's
    /// read ended; throws the first thread's error.
    ///
    /// The first share is read on the calling thread, the others on threads of their own
    /// (`KafkaThread`), never on Dispatch's workers: on Linux those are the threads Swift's
    /// tasks run on, and a restore blocks for seconds.
    public func read<Accumulator: Sendable>(
        _ partitions: [KafkaTopicPartition], from offsets: [KafkaTopicPartition: Int64] = [:], threads: Int,
        groupedBy group: @Sendable (KafkaTopicPartition) -> Int32,
        start: @Sendable ([KafkaTopicPartition]) throws -> Accumulator, apply: @Sendable (inout Accumulator, KafkaMessage) throws -> Void
    ) throws -> [Share<Accumulator>] {
        let groups = Set(partitions.map(group)).sorted()
        let count = max(1, min(threads, groups.count))
        let shares = Mutex<[Result<Share<Accumulator>, any Error>]>([])
        // Every thread is joined before this returns: the closures do not outlive the call.
        withoutActuallyEscaping(group) { group in
            withoutActuallyEscaping(start) { start in
                withoutActuallyEscaping(apply) { apply in
                    let work: @Sendable (Int) -> Void = { thread in
                        let mine = Set(groups.enumerated().filter { $0.offset % count == thread }.map(\.element))
                        let share = partitions.filter { mine.contains(group($0)) }
                        let outcome = Result { () throws -> Share<Accumulator> in
                            var accumulator = try start(share)
                            let read = try read(share, from: offsets) { message in try apply(&accumulator, message) }
                            return Share(
                                accumulator: accumulator, partitions: share, records: read.values.reduce(0) { $0 + $1.records },
                                ends: read.mapValues(\.end))
                        }
                        shares.withLock { $0.append(outcome) }
                    }
                    let others = (1..<count).map { index in
                        let thread = KafkaThread(name: "kafka-restore")
                        thread.submit { work(index) }
                        return thread
                    }
                    work(0)
                    for thread in others { thread.stopAndJoin() }
                }
            }
        }
        return try shares.withLock { $0 }.map { try $0.get() }
    }

    /// What one thread of a threaded read did: its accumulator, its partitions, the records
    /// it read, and where each partition's read ended.
    public struct Share<Accumulator: Sendable>: Sendable {
        public var accumulator: Accumulator
        public var partitions: [KafkaTopicPartition]
        public var records: Int
        public var ends: [KafkaTopicPartition: Int64]
    }
}
