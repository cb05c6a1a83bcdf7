import Events
import Foundation
import Kafka
import Logging
import MaintenancedTesting
import Topics

/// The embedded broker in a process of its own (`maintenanced broker`), with the declared
/// topics, every one at the same partition count, and the checks that the mock's retention
/// kept everything written to it. Every contestant of a measurement is a client of it from
/// another process (or from the benchmark's), so no contestant's CPU includes the broker's.
public final class BenchmarkCluster: Sendable {
    /// The broker's address.
    public let bootstrapServers: String
    /// The partition count of every topic.
    public let partitions: Int32
    /// The declarations the broker was started with (those of the run, every topic at
    /// `partitions`): role processes read them with `--topics-dir`, so their partition checks agree.
    public let topicsDirectory: String
    /// The broker process.
    public let broker: ChildProcess
    let logger: Logger

    private init(bootstrapServers: String, partitions: Int32, topicsDirectory: String, broker: ChildProcess, logger: Logger) {
        self.bootstrapServers = bootstrapServers
        self.partitions = partitions
        self.topicsDirectory = topicsDirectory
        self.broker = broker
        self.logger = logger
    }

    /// Starts a broker with the declared topics (`topicsDirectory`'s, or those built into
    /// `maintenanced` when nil) at `partitions` partitions each and the pass-through's output
    /// topic, runs `body` with it, and stops it.
    public static func with<T>(
        partitions: Int32, topicsDirectory: String?, maintenanced: String, logger: Logger, _ body: (BenchmarkCluster) async throws -> T
    ) async throws -> T {
        let directory = try declarations(from: topicsDirectory, partitions: partitions)
        let broker: ChildProcess
        do {
            broker = try ChildProcess.benchmark(
                "the broker", executable: maintenanced,
                ["broker", "--stop-on-end-of-input", "--topics-dir", directory, "--topic", "\(PassThrough.outputTopic):\(partitions)"])
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        let cluster: BenchmarkCluster
        do {
            let bootstrap = try await broker.waitForValue("bootstrap=")
            cluster = BenchmarkCluster(bootstrapServers: bootstrap, partitions: partitions, topicsDirectory: directory, broker: broker, logger: logger)
        } catch {
            await broker.stop()
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        do {
            let result = try await body(cluster)
            await cluster.stop()
            return result
        } catch {
            await cluster.stop()
            throw error
        }
    }

    /// Stops the broker and removes its declarations.
    func stop() async {
        await broker.stop()
        try? FileManager.default.removeItem(atPath: topicsDirectory)
    }

    /// Writes the declarations of `source` (a directory, or the built-in ones when nil) to a new
    /// temporary directory with every topic at `partitions` partitions; returns its path.
    static func declarations(from source: String?, partitions: Int32) throws -> String {
        var files: [(name: String, text: String)] = []
        if let source {
            let names = try FileManager.default.contentsOfDirectory(atPath: source).filter { $0.hasSuffix(".yaml") }.sorted()
            for name in names {
                let text = try String(contentsOfFile: (source as NSString).appendingPathComponent(name), encoding: .utf8)
                files.append((name, text))
            }
        } else {
            files = EmbeddedTopicFiles.all
        }
        guard !files.isEmpty else { throw BenchmarkError("no topic declarations in \(source ?? "the built-in set")") }
        let directory = (NSTemporaryDirectory() as NSString).appendingPathComponent("maintenanced-benchmark-topics-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for file in files {
            let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.hasPrefix("partitions:") ? "partitions: \(partitions)" : String(line)
            }
            try lines.joined(separator: "\n").write(toFile: (directory as NSString).appendingPathComponent(file.name), atomically: true, encoding: .utf8)
        }
        // The declarations must still be valid: a run on a broken set would measure nothing.
        _ = try TopicCatalog.load(from: TopicSource(directory: directory)).validSpecs()
        return directory
    }

    /// The configuration of a client of this broker: the embedded broker's client defaults
    /// (`EmbeddedKafkaCluster.clientDefaults`) without idle fetching, then `properties`.
    public func configuration(_ properties: [String: String] = [:]) -> KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: bootstrapServers, Self.clientDefaults.merging(properties) { $1 })
    }

    /// The client defaults and `properties` as `-X name=value` arguments of `maintenanced run`.
    public static func propertyArguments(_ properties: [String: String] = [:]) -> [String] {
        clientDefaults.merging(properties) { $1 }.sorted { $0.key < $1.key }.flatMap { ["-X", "\($0.key)=\($0.value)"] }
    }

    /// The embedded broker's client defaults with idle fetching off (`consumer.idle.pause.ms`
    /// 0): the benchmarks measure a flow of events, and a consumer paused at rest before a run
    /// would add up to a probe interval (1 s) to its first latencies. Produce requests in
    /// flight as against a broker (librdkafka's 5 for an idempotent producer): the embedded
    /// broker's one is for faults, which no benchmark injects, and the C pass-through keeps
    /// librdkafka's defaults too.
    static var clientDefaults: [String: String] {
        EmbeddedKafkaCluster.clientDefaults.merging([KafkaConfiguration.idlePauseProperty: "0", "max.in.flight.requests.per.connection": "5"]) { $1 }
    }

    /// Produces `records`, each to its key's murmur2 partition, and waits for all deliveries.
    public func produce(_ records: [InputRecord]) async throws {
        let producer = try KafkaProducer(configuration: configuration(), logger: logger)
        for record in records {
            let partition = Partitioner.partition(of: record.key, count: partitions)
            _ = try await producer.send(record.message.producerMessage(topic: record.topic, partition: partition))
        }
        try await producer.flush()
        try await producer.close()
    }

    /// How many messages each topic has been written so far (the sum of its partitions' end
    /// offsets, whatever the mock's retention dropped since; internal topics left out). Taken
    /// before and after a contestant runs, the difference is what it wrote.
    public func messageCounts() async throws -> [String: Int64] {
        let admin = try KafkaAdmin(configuration: configuration(), logger: logger, features: .librdkafkaMock)
        let topics = try await admin.describeTopics(try await admin.listTopics(), includeConfigs: false)
        let partitions = topics.flatMap { topic in topic.partitions.map { KafkaTopicPartition(topic: topic.name, partition: $0.id) } }
        let producer = try KafkaProducer(configuration: configuration(), logger: logger)
        let ends = try await producer.endOffsets(of: partitions, timeout: .seconds(10))
        try await producer.close()
        guard ends.count == partitions.count else {
            throw BenchmarkError("the broker answered the end offsets of \(ends.count) of \(partitions.count) partitions")
        }
        return ends.reduce(into: [:]) { counts, end in counts[end.key.topic, default: 0] += end.value }
    }

    /// The end offsets of every partition of `topics`; throws if the mock dropped anything
    /// (a low watermark above 0) or the topics do not hold `expected` messages in all.
    public func endOffsets(of topics: [String], expected: Int) throws -> [KafkaPartitionOffset] {
        let consumer = try KafkaConsumer(configuration: configuration(), logger: logger)
        defer { try? consumer.closeBlocking() }
        var ends: [KafkaPartitionOffset] = []
        var total: Int64 = 0
        for topic in topics {
            for partition in 0..<partitions {
                let marks = try consumer.queryWatermarks(of: KafkaTopicPartition(topic: topic, partition: partition))
                guard marks.low == 0 else {
                    throw BenchmarkError("the mock dropped \(marks.low) messages of \(topic)[\(partition)]: beyond its retention; add partitions")
                }
                total += marks.high
                ends.append(KafkaPartitionOffset(topic: topic, partition: partition, offset: KafkaOffset(marks.high)))
            }
        }
        guard total == Int64(expected) else { throw BenchmarkError("\(topics) hold \(total) messages, \(expected) were written") }
        return ends
    }
}
