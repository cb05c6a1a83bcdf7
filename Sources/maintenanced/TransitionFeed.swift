import Contracts
import Events
import FleetStatus
import Kafka
import Logging
import Processor
import Synchronization

/// The latest events of `server.transitions`, for the status page and `get server`, read
/// only while someone asks: the first ask starts a consumer that reads the last `backlog`
/// events of every partition (the ask waits for them, up to `firstAnswerWait`), then
/// follows the topic, keeping the newest `perServer` entries of each server and
/// `latestLimit` of the fleet. When nobody has asked for `followsFor`, it closes the
/// consumer and forgets what it read; the next ask reads the backlog again.
///
/// The topic carries every role's outputs: following it in every process cost a role up to
/// a sixth of its CPU per event (measured), for a page nobody may open. It keeps the
/// records as read and decodes only those a caller asks for.
final class TransitionFeed: Sendable {
    /// A record kept undecoded: its id and server from its `ce_id` and `ce_subject` headers.
    struct Record: Sendable {
        let id: String
        let server: String
        let fallbackTime: Int64
        let message: EventMessage
    }

    /// What the feed holds and who waits for it.
    private struct State {
        var servers: [String: [Record]] = [:]
        var latest: [Record] = []
        /// A consumer follows the topic, or is asked to start.
        var following = false
        /// The backlog asked for at the start has been read.
        var backlogRead = false
        /// When the last ask took what the feed holds.
        var lastAsked = ContinuousClock.now
        /// Asks between noting themselves and taking what the feed holds: while one is, the feed
        /// neither stops following nor forgets (on a busy machine an ask may wait long for a thread).
        var asking = 0
        /// `run()` waiting for the first ask.
        var demand: CheckedContinuation<Void, Never>?
        /// Asks waiting for the backlog, by ticket; tickets cancelled before they waited.
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var cancelled: Set<Int> = []
        var nextTicket = 0

        /// Forgets what was read; the asks still waiting return with nothing.
        mutating func reset() -> [CheckedContinuation<Void, Never>] {
            servers = [:]
            latest = []
            following = false
            backlogRead = false
            defer { waiters = [:] }
            return Array(waiters.values)
        }
    }

    let configuration: KafkaConfiguration
    let partitions: Int32
    let logger: Logger
    let backlog: Int64 = 200
    let perServer = 20
    let latestLimit = 100
    /// How long the feed follows the topic after the last ask.
    let followsFor: Duration
    /// How long an ask waits for the backlog when the feed was not following.
    let firstAnswerWait: Duration
    private let state = Mutex(State())
    private let codec = CloudEventCodec()
    private let stopping = Atomic<Bool>(false)
    /// The consumer `run()` polls, for `stop()` to end its wait.
    private let polling = Mutex<KafkaConsumer?>(nil)

    init(
        configuration: KafkaConfiguration, partitions: Int32, followsFor: Duration = .seconds(300), firstAnswerWait: Duration = .seconds(3),
        logger: Logger
    ) {
        self.configuration = configuration
        self.partitions = partitions
        self.followsFor = followsFor
        self.firstAnswerWait = firstAnswerWait
        self.logger = logger
    }

    /// Whether a consumer follows the topic now (or is asked to start).
    var isFollowing: Bool { state.withLock { $0.following } }

    /// The newest transitions, newest last (by event time; partitions are read in turn): of
    /// `server`, or of the fleet. Starts following the topic if it was not.
    func transitions(server: String?, limit: Int) async -> [TransitionEntry] {
        await asked()
        let records = state.withLock { state in
            state.asking -= 1
            state.lastAsked = .now
            return server.map { state.servers[$0] ?? [] } ?? state.latest
        }
        let entries = records.compactMap { record -> TransitionEntry? in
            guard let event = try? codec.decode(record.message) else { return nil }
            return TransitionEntry(event: event, fallbackTime: record.fallbackTime)
        }
        return Array(entries.sorted { $0.time < $1.time }.suffix(limit))
    }

    /// Follows the topic whenever asked, until `stop()` or cancellation. A failure to read
    /// it is logged; while an ask waits for the backlog the feed tries again (the ask's own
    /// wait bounds it), otherwise it forgets and the next ask tries again.
    func run() async {
        while !stopping.load(ordering: .relaxed), !Task.isCancelled {
            await demanded()
            guard !stopping.load(ordering: .relaxed), !Task.isCancelled else { break }
            do {
                try await follow()
            } catch {
                logger.warning("status API: server.transitions not read: \(error)")
                if state.withLock({ $0.asking > 0 }) {
                    try? await Task.sleep(for: .milliseconds(500))
                    continue
                }
                for waiter in state.withLock({ $0.reset() }) { waiter.resume() }
            }
        }
        releaseDemand()
        for waiter in state.withLock({ $0.reset() }) { waiter.resume() }
    }

    func stop() {
        stopping.store(true, ordering: .relaxed)
        releaseDemand()
        polling.withLock { $0 }?.wakeUp()
    }

    /// Notes the ask (`transitions` ends it); starts the feed, or waits for its backlog, if needed.
    private func asked() async {
        let (start, read) = state.withLock { state -> (CheckedContinuation<Void, Never>?, Bool) in
            state.asking += 1
            guard state.following else {
                state.following = true
                defer { state.demand = nil }
                return (state.demand, false)
            }
            return (nil, state.backlogRead)
        }
        start?.resume()
        // Stopped: nothing will read the backlog.
        guard !read, !stopping.load(ordering: .relaxed) else { return }
        let wait = firstAnswerWait
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.backlogWasRead() }
            group.addTask { try? await Task.sleep(for: wait) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Returns when the backlog was read, the feed stopped, or the task is cancelled.
    private func backlogWasRead() async {
        let ticket = state.withLock { state in
            defer { state.nextTicket += 1 }
            return state.nextTicket
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.cancelled.remove(ticket) != nil || state.backlogRead || !state.following { return true }
                    state.waiters[ticket] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                guard let waiter = state.waiters.removeValue(forKey: ticket) else {
                    state.cancelled.insert(ticket)
                    return CheckedContinuation<Void, Never>?.none
                }
                return waiter
            }
            waiter?.resume()
        }
        // A ticket cancelled after it was resumed leaves nothing behind.
        _ = state.withLock { $0.cancelled.remove(ticket) }
    }

    /// Lets `demanded()` return, if it waits.
    private func releaseDemand() {
        let demand = state.withLock { state in
            defer { state.demand = nil }
            return state.demand
        }
        demand?.resume()
    }

    /// Returns at the first ask (at once if one came already), or at `stop()`.
    private func demanded() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.following || stopping.load(ordering: .relaxed) { return true }
                    state.demand = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            releaseDemand()
        }
    }

    /// Reads the backlog and follows the topic until nobody asked for `followsFor`, or stop.
    private func follow() async throws {
        var consumerConfiguration = configuration
        consumerConfiguration["group.id"] = nil
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger)
        do {
            try await read(consumer)
        } catch {
            polling.withLock { $0 = nil }
            try? await consumer.close()
            throw error
        }
        polling.withLock { $0 = nil }
        try? await consumer.close()
    }

    private func read(_ consumer: KafkaConsumer) async throws {
        var assignment: [KafkaPartitionOffset] = []
        /// The end of each partition when the feed started, while not yet read up to it.
        var ends: [Int32: Int64] = [:]
        for partition in 0..<partitions {
            let topicPartition = KafkaTopicPartition(topic: "server.transitions", partition: partition)
            let marks = try await consumer.watermarks(of: topicPartition)
            let start = max(marks.low, marks.high - backlog)
            if marks.high > start { ends[partition] = marks.high }
            assignment.append(KafkaPartitionOffset(topicPartition, KafkaOffset(start)))
        }
        try consumer.assign(assignment)
        polling.withLock { $0 = consumer }
        if ends.isEmpty { backlogDone() }
        while !stopping.load(ordering: .relaxed), !Task.isCancelled {
            // Waits on the consumer's thread: a new transition shows at once, and the loop wakes once a second.
            let batch = try await consumer.nextBatch(maxMessages: 2000, timeout: .seconds(1))
            var records: [Record] = []
            records.reserveCapacity(batch.count)
            for message in batch {
                if let end = ends[message.partition], message.offset + 1 >= end { ends[message.partition] = nil }
                if let record = record(of: message) { records.append(record) }
            }
            if !records.isEmpty { add(records) }
            // A partition whose last records before its end are gone (compacted, or a
            // transaction's markers) is read to its end when its position is: asked when a poll
            // brought nothing. (A poll that brought nothing is not an end by itself: a consumer
            // on a busy machine may not have fetched yet, and the first ask answered early.)
            if !ends.isEmpty, batch.isEmpty {
                let positions = (try? consumer.positions(of: ends.keys.map { KafkaTopicPartition(topic: TopicName.serverTransitions, partition: $0) })) ?? [:]
                for (partition, end) in ends where positions[KafkaTopicPartition(topic: TopicName.serverTransitions, partition: partition)] ?? -1 >= end {
                    ends[partition] = nil
                }
            }
            if ends.isEmpty { backlogDone() }
            let followsFor = self.followsFor
            let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>]? in
                // An ask not yet answered is asking: on a busy machine the backlog may take longer
                // than `followsFor`, or the ask wait that long for a thread, and a reset then
                // answered it with nothing.
                guard state.asking == 0, ContinuousClock.now - state.lastAsked > followsFor else { return nil }
                return state.reset()
            }
            if let waiters {
                for waiter in waiters { waiter.resume() }
                break
            }
        }
    }

    private func record(of message: KafkaMessage) -> Record? {
        let time = message.timestampMilliseconds ?? 0
        if let id = message.header("ce_id"), let server = message.header("ce_subject") {
            return Record(id: String(decoding: id, as: UTF8.self), server: String(decoding: server, as: UTF8.self), fallbackTime: time, message: EventMessage(message))
        }
        // Structured mode (the attributes in the body): decoded here for its id and server.
        let copy = EventMessage(message)
        guard let event = try? codec.decode(copy), let server = event.subject else { return nil }
        return Record(id: event.id, server: server, fallbackTime: time, message: copy)
    }

    /// Marks the backlog read and lets the asks waiting for it go on.
    private func backlogDone() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.backlogRead else { return [] }
            state.backlogRead = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    private func add(_ entries: [Record]) {
        state.withLock { state in
            for entry in entries {
                var list = state.servers[entry.server] ?? []
                guard !list.contains(where: { $0.id == entry.id }) else { continue }  // a redelivered copy
                list.append(entry)
                if list.count > perServer { list.removeFirst(list.count - perServer) }
                state.servers[entry.server] = list
                state.latest.append(entry)
            }
            if state.latest.count > latestLimit { state.latest.removeFirst(state.latest.count - latestLimit) }
        }
    }
}
