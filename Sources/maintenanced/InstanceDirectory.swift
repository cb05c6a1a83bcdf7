import MaintenancedClient
import Events
import Kafka
import Logging
import Processor
import Synchronization

/// The instance directory of the status API: each instance writes `{instance, http,
/// time, partitions: {changelog topic: [partitions]}}` to the compacted topic
/// `maintenanced.instances` (key: its instance id) whenever the changelog partitions
/// its roles own change, and every 10 s; a tombstone when it stops. It reads the whole
/// topic back, so it can tell which instance (HTTP address) owns a partition of
/// another role's state: the newest record that claims it wins (a killed instance's
/// record stays until the partitions' new owner writes a newer one, and is not believed once
/// older than `staleAfter`).
final class InstanceDirectory: Sendable {
    /// One instance's record.
    struct Entry: Sendable, Hashable {
        var instance: String
        var http: String
        var time: Int64
        var partitions: [String: Set<Int32>]
    }

    static let topic = "maintenanced.instances"
    /// This instance's id (a new one per process).
    let instance: String
    let runners: [RoleRunner]
    let configuration: KafkaConfiguration
    /// The process's producer (shared with its roles; closed by its maker).
    let producer: KafkaProducer
    let logger: Logger
    /// This instance's HTTP address, published once known.
    let address: InstanceAddress
    private let entries = Mutex<[String: Entry]>([:])
    private let stopping = Atomic<Bool>(false)

    /// The process's stop budget: the tombstone's wait and the reader's close take from it.
    let stopBudget: StopBudget

    init(
        instance: String, address: InstanceAddress, runners: [RoleRunner], configuration: KafkaConfiguration, producer: KafkaProducer,
        stopBudget: StopBudget, logger: Logger
    ) {
        self.instance = instance
        self.address = address
        self.stopBudget = stopBudget
        self.runners = runners
        self.configuration = configuration
        self.producer = producer
        self.logger = logger
    }

    /// The address of the other instance that owns `partition` of changelog `topic`, if known.
    func owner(of topic: String, partition: Int32) -> String? {
        owners(of: topic).first { $0.value.contains(partition) }?.key
    }

    /// The other instances' addresses and the partitions of `topic` each owns (each partition
    /// under its newest claimant only).
    func owners(of topic: String) -> [String: Set<Int32>] {
        Self.owners(of: topic, among: entries.withLock { Array($0.values) }, except: instance, now: wallClockMilliseconds())
    }

    /// How old a record may be and still name an owner: records are written every 10 s, so
    /// one this old is of an instance that died without its tombstone (killed), whose
    /// address would only be asked in vain (3 s each where nothing refuses the connection).
    /// Generous, for clocks that differ between hosts.
    static let staleAfter: Int64 = 60_000

    /// Each partition of `topic` under its newest claimant among `entries` other than
    /// `instance`'s, leaving out records older than `staleAfter` at `now`: by address.
    static func owners(of topic: String, among entries: [Entry], except instance: String, now: Int64) -> [String: Set<Int32>] {
        let claims = entries.filter { $0.instance != instance && now - $0.time <= staleAfter }.sorted { $0.time > $1.time }
        var claimed: Set<Int32> = []
        var owners: [String: Set<Int32>] = [:]
        for entry in claims {
            let fresh = (entry.partitions[topic] ?? []).subtracting(claimed)
            claimed.formUnion(fresh)
            if !fresh.isEmpty { owners[entry.http, default: []].formUnion(fresh) }
        }
        return owners
    }

    /// Publishes and reads the directory until `stop()` or cancellation; then writes the tombstone.
    func run() async throws {
        var consumerConfiguration = configuration
        consumerConfiguration["group.id"] = nil
        // The directory is read every half second; it needs no fetch answered within
        // milliseconds. With the embedded broker's 10 ms fetch wait this consumer was the
        // busiest client thread at rest (BENCHMARKS.md, session 11).
        consumerConfiguration["fetch.wait.max.ms"] = "500"
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger)
        try consumer.assign([KafkaPartitionOffset(topic: Self.topic, partition: 0, offset: .beginning)])
        var published: Entry?
        var publishedAt = ContinuousClock.now
        while !stopping.load(ordering: .relaxed), !Task.isCancelled {
            // On the consumer's thread: with idle fetching a poll may probe end offsets for seconds.
            for message in try await consumer.nextBatch(maxMessages: 1000, timeout: .zero) { read(message) }
            if let http = address.current {
                var entry = Entry(instance: instance, http: http, time: wallClockMilliseconds(), partitions: [:])
                for runner in runners {
                    for partition in runner.ownedChangelogPartitions { entry.partitions[partition.topic, default: []].insert(partition.partition) }
                }
                if entry.partitions != published?.partitions || ContinuousClock.now - publishedAt > .seconds(10) {
                    _ = try? producer.trySend(KafkaProducerMessage(topic: Self.topic, key: Array(instance.utf8), value: Self.encode(entry)))
                    published = entry
                    publishedAt = .now
                }
            }
            try? await Task.sleep(for: .milliseconds(500))
        }
        // Bounded: with no broker answering, the report would come only after `message.timeout.ms`
        // (5 minutes), and a stop asked then waited that long. The producer's close flushes it
        // once more, bounded too; unwritten, the entry stays as a killed instance's does, until
        // the partitions' new owners claim them.
        if published != nil, let tombstone = try? producer.trySend(KafkaProducerMessage(topic: Self.topic, key: Array(instance.utf8), value: nil)) {
            let limit = stopBudget.limit(Self.tombstoneTimeout)
            if (try? await producer.awaitDelivery(of: tombstone, within: limit)) != true {
                logger.warning("the directory's tombstone was not delivered in \(limit): the entry stays until the partitions' new owners claim them")
            }
        }
        _ = try? await consumer.close(timeout: stopBudget.limit(Self.tombstoneTimeout))
    }

    /// How long a stop waits for the tombstone's delivery.
    static let tombstoneTimeout: Duration = .seconds(5)

    /// Asks `run()` to write its tombstone and end.
    func stop() { stopping.store(true, ordering: .relaxed) }

    private func read(_ message: KafkaMessage) {
        guard let key = message.key.map({ String(decoding: $0, as: UTF8.self) }) else { return }
        guard let value = message.value, let entry = Self.decode(value) else {
            entries.withLock { $0[key] = nil }
            return
        }
        entries.withLock { $0[key] = entry }
    }

    static func encode(_ entry: Entry) -> [UInt8] {
        let partitions = entry.partitions.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.array($0.value.sorted().map { .int(Int64($0)) })) }
        return JSONWriter.bytes([
            "instance": .string(entry.instance), "http": .string(entry.http), "time": .int(entry.time),
            "partitions": .object(JSONObject(partitions)),
        ])
    }

    static func decode(_ bytes: [UInt8]) -> Entry? {
        guard let json = try? JSONParser().parse(bytes), let instance = json["instance"]?.stringValue, let http = json["http"]?.stringValue,
            let time = json["time"]?.intValue
        else { return nil }
        var partitions: [String: Set<Int32>] = [:]
        for member in json["partitions"]?.objectValue?.members ?? [] {
            partitions[member.key] = Set((member.value.arrayValue ?? []).compactMap { $0.intValue.map { Int32(truncatingIfNeeded: $0) } })
        }
        return Entry(instance: instance, http: http, time: time, partitions: partitions)
    }
}
