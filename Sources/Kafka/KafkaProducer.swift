import CRdKafka
import Logging
import Synchronization

/// Produces keyed messages with headers, and tells when they are delivered.
///
/// Sending only enqueues: each message gets a `DeliveryTicket` (a per-producer
/// sequence number). A dedicated thread serves librdkafka's delivery reports, and
/// `awaitDelivery(upTo:)` waits for every message up to a ticket with one waiter,
/// so a caller can send N messages and await all N reports cheaply.
public final class KafkaProducer: Sendable {
    /// Identifies an enqueued message in this producer's order; later messages compare greater.
    public struct DeliveryTicket: Sendable, Hashable, Comparable {
        /// The sequence number, starting at 1.
        public let sequence: UInt64

        /// Orders tickets by sequence number.
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.sequence < rhs.sequence }
    }

    let client: RdKafkaClient
    private let deliveries: DeliveryTracker
    private let pollThread: KafkaThread
    /// Runs `endOffsets`' and `prepare`'s blocking requests; idle (and asleep) otherwise.
    private let queryThread: KafkaThread
    /// The topic handles `prepare` made, kept so librdkafka keeps their metadata.
    private let preparedTopics = Mutex<[UncheckedPointer]>([])
    private let stopping = AtomicFlag()
    /// librdkafka's main queue, where delivery report events arrive.
    private let mainQueue: UncheckedPointer
    private let logger: Logger

    /// Creates a producer; `configuration` needs at least `bootstrap.servers`.
    ///
    /// Delivery reports are polled on a thread of the producer's own, never on the
    /// caller's. `logger` receives librdkafka's logs and errors.
    ///
    /// Consumer-only properties in `configuration` (group, session and fetch settings)
    /// are left out, so a service can hand its one configuration to both clients.
    public init(configuration: KafkaConfiguration, logger: Logger) throws(KafkaError) {
        let deliveries = DeliveryTracker()
        let client = try RdKafkaClient(
            type: RD_KAFKA_PRODUCER,
            configuration: configuration.forProducer,
            context: ClientContext(logger: logger, deliveries: deliveries),
            backgroundEvents: false
        )
        self.client = client
        self.deliveries = deliveries
        self.logger = logger
        self.pollThread = KafkaThread(name: "kafka-producer")
        self.queryThread = KafkaThread(name: "kafka-query")
        let mainQueue = UncheckedPointer(rd_kafka_queue_get_main(client.handle))
        self.mainQueue = mainQueue
        pollThread.submit { [stopping] in
            Self.serveDeliveryReports(client: client, queue: mainQueue.pointer, deliveries: deliveries, until: stopping)
        }
        logger.debug("Kafka producer created", metadata: ["kafka.configuration": "\(configuration)"])
    }

    deinit {
        stopPolling()
        for topic in preparedTopics.withLock({ $0 }) { rd_kafka_topic_destroy(topic.pointer) }
        rd_kafka_queue_destroy(mainQueue.pointer)
        deliveries.close(.closed("producer"))
    }

    /// The poll loop: reads delivery report events (many messages each) until `stopping` is
    /// raised; at rest it sleeps (it used to wake ten times a second).
    private static func serveDeliveryReports(client: RdKafkaClient, queue: OpaquePointer, deliveries: DeliveryTracker, until stopping: AtomicFlag) {
        let capacity = 1024
        let messages = UnsafeMutableBufferPointer<UnsafePointer<rd_kafka_message_t>?>.allocate(capacity: capacity)
        defer { messages.deallocate() }
        func serve(_ timeout: Int32) {
            guard let event = rd_kafka_queue_poll(queue, timeout) else { return }
            defer { rd_kafka_event_destroy(event) }
            guard rd_kafka_event_type(event) == RD_KAFKA_EVENT_DR else { return }
            while true {
                let count = rd_kafka_event_message_array(event, messages.baseAddress, capacity)
                guard count > 0 else { break }
                deliveries.report(UnsafeBufferPointer(rebasing: messages[..<count]))
            }
        }
        // Blocks until reports come: `stopPolling()` raises `stopping` first and then yields the
        // queue, which ends the wait (a yield before the wait ends the next one). The second's
        // timeout only bounds what an unforeseen lost wake-up could cost.
        while !stopping.isRaised { serve(1000) }
        serve(0)
    }

    /// Enqueues `message` without waiting; throws `_QUEUE_FULL` (retriable) when librdkafka's queue is full.
    ///
    /// With `keepingOffset`, its delivery report keeps the offset it was written at, for
    /// `deliveredPosition(of:)` (which the caller must then ask, once).
    public func trySend(_ message: KafkaProducerMessage, keepingOffset: Bool = false) throws(KafkaError) -> DeliveryTicket {
        guard !stopping.isRaised else { throw .closed("producer") }
        let sequence = deliveries.next()
        if let error = enqueue(message, sequence: keepingOffset ? sequence | DeliveryTracker.keepOffsetFlag : sequence) {
            deliveries.cancel(sequence)
            throw KafkaError(consuming: error)
        }
        return DeliveryTicket(sequence: sequence)
    }

    /// Enqueues `message`, waiting for earlier deliveries while librdkafka's queue is full.
    ///
    /// Inlinable so that a send that does not wait costs no async call frame of its own.
    @inlinable
    public func send(_ message: KafkaProducerMessage, keepingOffset: Bool = false) async throws(KafkaError) -> DeliveryTicket {
        while true {
            do {
                return try trySend(message, keepingOffset: keepingOffset)
            } catch where error.isQueueFull {
                try await waitForQueueSpace()
            }
        }
    }

    /// Waits until about half of the messages in flight are delivered; throws `_INTR` if the task is cancelled.
    @usableFromInline
    func waitForQueueSpace() async throws(KafkaError) {
        try await deliveries.waitForProgress()
    }

    /// The partition and offset a message sent `keepingOffset` was written at, once its
    /// delivery was awaited; nil if it failed (or was not sent keeping its offset). Asked
    /// once per message.
    public func deliveredPosition(of ticket: DeliveryTicket) -> (partition: Int32, offset: Int64)? {
        deliveries.takePosition(ticket.sequence)
    }

    /// Where each of `tickets` (sent `keepingOffset`) was written, for those whose delivery
    /// report has come, without waiting and without forgetting it: `deliveredPosition(of:)`
    /// still answers afterwards. For a reader that must know its own records early, before
    /// the sender has awaited them all.
    public func reportedPositions(of tickets: [DeliveryTicket]) -> [(partition: Int32, offset: Int64)?] {
        deliveries.positions(tickets.map(\.sequence))
    }

    /// Waits for the delivery report of one message; throws its error if it was not delivered.
    ///
    /// Like every wait of the producer, it ends with an `_INTR` error if the task is cancelled.
    public func awaitDelivery(of ticket: DeliveryTicket) async throws(KafkaError) {
        try await deliveries.waitFor(ticket.sequence)
    }

    /// `awaitDelivery(of:)`, bounded: false if the report did not come within `timeout` (the
    /// message stays in flight, until `message.timeout.ms` at the latest). For a wait that must
    /// not hold a shutdown up while no broker answers.
    public func awaitDelivery(of ticket: DeliveryTicket, within timeout: Duration) async throws(KafkaError) -> Bool {
        try await bounded(by: timeout) { () throws(KafkaError) in try await self.awaitDelivery(of: ticket) } != nil
    }

    /// Waits for the delivery reports of exactly `tickets` (in the order sent), whatever else
    /// is in flight; throws the first failure among them. Lets two stages share the producer,
    /// each awaiting only its own messages.
    public func awaitDelivery(of tickets: [DeliveryTicket]) async throws(KafkaError) {
        try await deliveries.waitForEach(tickets.map(\.sequence))
    }

    /// Waits until every message up to `ticket` has its delivery report.
    ///
    /// Throws the first failure among them (each failure is reported to one waiter only).
    public func awaitDelivery(upTo ticket: DeliveryTicket) async throws(KafkaError) {
        try await deliveries.waitForAll(upTo: ticket.sequence)
    }

    /// The ticket of the last message enqueued, or `nil` before the first.
    public var lastTicket: DeliveryTicket? {
        let last = deliveries.lastAssigned
        return last == 0 ? nil : DeliveryTicket(sequence: last)
    }

    /// Waits until every message enqueued so far has its delivery report; throws the first failure.
    public func flush() async throws(KafkaError) {
        guard let lastTicket else { return }
        try await awaitDelivery(upTo: lastTicket)
    }

    /// Flushes, then stops the delivery-report thread; later sends throw.
    public func close() async throws(KafkaError) {
        defer { stopPolling() }
        try await flush()
    }

    /// `close()`, bounded: false if the messages in flight were not all delivered within
    /// `timeout` (librdkafka keeps retrying a message for `message.timeout.ms`, five minutes
    /// by default); the delivery-report thread stops all the same. For a process that is
    /// exiting and whose caller committed nothing the undelivered messages follow from.
    public func close(within timeout: Duration) async throws(KafkaError) -> Bool {
        defer { stopPolling() }
        return try await bounded(by: timeout) { () throws(KafkaError) in try await self.flush() } != nil
    }

    /// The end offsets of `partitions`, asked now (one ListOffsets request per leader) on a
    /// thread of the producer's; a partition that could not be asked is left out.
    ///
    /// Asked through the producer because its connections carry no fetch that the broker
    /// holds for `fetch.wait.max.ms`, which would delay the answer, and it costs no client
    /// of its own.
    public func endOffsets(of partitions: [KafkaTopicPartition], timeout: Duration = .seconds(2)) async throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        try await queryThread.run { [client] () throws(KafkaError) in try client.endOffsets(of: partitions, timeout: timeout) }
    }

    /// Learns the partitions and leaders of `topics` now, so that the first message to each
    /// is sent at once. librdkafka 2.0.2 holds the first message to a topic it has no
    /// metadata for until the metadata comes and the leader's broker thread next wakes: up
    /// to a second each time a role first wrote its log, its outputs and its changelog,
    /// which was the latency benchmark's 0.5–1.5 s tail. Takes at most `timeout` in all;
    /// returns the topics it could not learn in that time.
    public func prepare(topics: [String], timeout: Duration = .seconds(5)) async -> [String] {
        let prepared = try? await queryThread.run { [client] () throws(KafkaError) -> [(topic: String, handle: UncheckedPointer?, learned: Bool)] in
            let handle = client.handle
            // One deadline for all: with no broker answering, a timeout per topic made a role's
            // start (and a stop asked during it) wait 5 s for each of the ten or so it writes.
            let deadline = ContinuousClock.now + timeout
            return topics.map { topic in
                guard let rkt = rd_kafka_topic_new(handle, topic, nil) else { return (topic, nil, false) }
                let left = deadline - ContinuousClock.now
                guard left > .zero else { return (topic, UncheckedPointer(rkt), false) }
                var metadata: UnsafePointer<rd_kafka_metadata>?
                let err = rd_kafka_metadata(handle, 0, rkt, &metadata, max(1, left.milliseconds))
                if let metadata { rd_kafka_metadata_destroy(metadata) }
                return (topic, UncheckedPointer(rkt), err == RD_KAFKA_RESP_ERR_NO_ERROR)
            }
        }
        guard let prepared else { return topics }
        preparedTopics.withLock { $0 += prepared.compactMap(\.handle) }
        return prepared.filter { !$0.learned }.map(\.topic)
    }

    private func stopPolling() {
        queryThread.stopAndJoin()
        guard stopping.raise() else { return }
        rd_kafka_queue_yield(mainQueue.pointer)
        pollThread.stopAndJoin()
    }
}
