import Events
import FleetStatus
import Kafka
import Logging
import Processor
import Synchronization

/// The latest events of `server.transitions`, for the status page and `get server`:
/// reads the last `backlog` events of every partition, then follows the topic, keeping
/// the newest `perServer` entries of each server and `latestLimit` of the fleet.
///
/// It keeps the records as read and decodes only those a caller asks for: the topic
/// carries every role's outputs, and decoding each as it came cost the process about as
/// much CPU as its role's fold at 10k requests/s (profiled), for a page nobody may open.
final class TransitionFeed: Sendable {
    /// A record kept undecoded: its id and server from its `ce_id` and `ce_subject` headers.
    struct Record: Sendable {
        let id: String
        let server: String
        let fallbackTime: Int64
        let message: EventMessage
    }

    let configuration: KafkaConfiguration
    let partitions: Int32
    let logger: Logger
    let backlog: Int64 = 200
    let perServer = 20
    let latestLimit = 100
    private let state = Mutex<(servers: [String: [Record]], latest: [Record])>(([:], []))
    private let codec = CloudEventCodec()
    private let stopping = Atomic<Bool>(false)
    /// The consumer `run()` polls, for `stop()` to end its wait.
    private let polling = Mutex<KafkaConsumer?>(nil)

    init(configuration: KafkaConfiguration, partitions: Int32, logger: Logger) {
        self.configuration = configuration
        self.partitions = partitions
        self.logger = logger
    }

    /// The newest transitions, newest last (by event time; partitions are read in turn): of `server`, or of the fleet.
    func transitions(server: String?, limit: Int) -> [TransitionEntry] {
        let records = state.withLock { state in server.map { state.servers[$0] ?? [] } ?? state.latest }
        let entries = records.compactMap { record -> TransitionEntry? in
            guard let event = try? codec.decode(record.message) else { return nil }
            return TransitionEntry(event: event, fallbackTime: record.fallbackTime)
        }
        return Array(entries.sorted { $0.time < $1.time }.suffix(limit))
    }

    /// Follows the topic until `stop()` or cancellation.
    func run() async throws {
        var consumerConfiguration = configuration
        consumerConfiguration["group.id"] = nil
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger)
        var assignment: [KafkaPartitionOffset] = []
        for partition in 0..<partitions {
            let topicPartition = KafkaTopicPartition(topic: "server.transitions", partition: partition)
            let marks = try await consumer.watermarks(of: topicPartition)
            assignment.append(KafkaPartitionOffset(topicPartition, KafkaOffset(max(marks.low, marks.high - backlog))))
        }
        try consumer.assign(assignment)
        polling.withLock { $0 = consumer }
        while !stopping.load(ordering: .relaxed), !Task.isCancelled {
            // Waits on the consumer's thread: a new transition shows at once, and at rest the loop wakes once a second.
            let batch = try await consumer.nextBatch(maxMessages: 2000, timeout: .seconds(1))
            let records = batch.compactMap { message -> Record? in
                let time = message.timestampMilliseconds ?? 0
                if let id = message.header("ce_id"), let server = message.header("ce_subject") {
                    return Record(id: String(decoding: id, as: UTF8.self), server: String(decoding: server, as: UTF8.self), fallbackTime: time, message: EventMessage(message))
                }
                // Structured mode (the attributes in the body): decoded here for its id and server.
                let copy = EventMessage(message)
                guard let event = try? codec.decode(copy), let server = event.subject else { return nil }
                return Record(id: event.id, server: server, fallbackTime: time, message: copy)
            }
            if !records.isEmpty { add(records) }
        }
        polling.withLock { $0 = nil }
        try? await consumer.close()
    }

    func stop() {
        stopping.store(true, ordering: .relaxed)
        polling.withLock { $0 }?.wakeUp()
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
