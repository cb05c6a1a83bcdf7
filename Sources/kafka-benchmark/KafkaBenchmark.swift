import ArgumentParser
import CKafkaBenchmarkLoops
import Kafka
import Logging

/// Compares the Swift Kafka client with plain librdkafka C loops on the embedded cluster.
///
/// One run interleaves repetitions of five measurements (Swift producer, C producer,
/// C producer with a delivery-report thread like the Swift one, Swift and C consumer,
/// with the same message count, size, keys and partitions),
/// checks that every run delivered and consumed exactly the count, and prints
/// medians with Swift as a percentage of C.
@main
struct KafkaBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka-benchmark",
        abstract: "Compare the Swift Kafka client with plain librdkafka C loops on the embedded broker.",
        discussion: """
            Interleaves repetitions of the Swift producer, the C producer, the C producer with a \
            delivery-report thread like the Swift one, and the Swift and C consumers (same count, \
            size, keys and partitions), checks that each delivered and consumed exactly the count, \
            and prints medians with Swift as a percentage of C. Build with -c release.
            """)

    @OptionGroup var options: BenchmarkOptions

    func run() async throws {
        var logger = Logger(label: "kafka-benchmark")
        logger.logLevel = .warning
        let cluster = try EmbeddedKafkaCluster(brokers: 1, logger: logger)
        print("kafka-benchmark: \(options.messages) messages of \(options.valueSize) B, \(options.partitions) partitions, "
            + "\(options.repetitions) repetitions (+1 warm-up), librdkafka \(Self.librdkafkaVersion), embedded mock cluster")

        var results: [String: [BenchmarkResult]] = [:]
        // Topics nobody reads are shared by all repetitions, so the mock keeps at most its
        // retention of them; the C producer's topic is new each time, for the consumers.
        let sharedTopics = ["Swift producer": "bench-swift", "C producer, DR thread": "bench-c-dr-thread"]
        for topic in sharedTopics.values { try await cluster.createTopic(topic, partitions: options.partitions) }
        for repetition in options.rounds {
            let cTopic = "bench-c-\(repetition)"
            let swiftFirst = repetition % 2 == 0
            var round: [String: BenchmarkResult] = [:]
            // The producers take turns going first; each writes a topic of its own.
            let producers = ["Swift producer", "C producer", "C producer, DR thread"]
            for offset in 0..<producers.count {
                let name = producers[(repetition + offset) % producers.count]
                guard options.runs(name) else { continue }
                let topic = sharedTopics[name] ?? cTopic
                if topic == cTopic { try await cluster.createTopic(topic, partitions: options.partitions) }
                let cpu = ckb_process_cpu_seconds()
                var result = switch name {
                case "Swift producer": try await SwiftLoops.produce(cluster: cluster, topic: topic, options: options, logger: logger)
                case "C producer": CLoops.produce(cluster: cluster, topic: topic, options: options)
                default: CLoops.produceWithDeliveryThread(cluster: cluster, topic: topic, options: options)
                }
                result.cpuSeconds = ckb_process_cpu_seconds() - cpu
                round[name] = result
            }
            // Both consumers read the same data: what the C producer wrote in this repetition.
            for swift in swiftFirst ? [false, true] : [true, false] where options.runs(swift ? "Swift consumer" : "C consumer") {
                let cpu = ckb_process_cpu_seconds()
                var result = swift
                    ? try await SwiftLoops.consume(cluster: cluster, topic: cTopic, options: options, logger: logger)
                    : CLoops.consume(cluster: cluster, topic: cTopic, options: options)
                result.cpuSeconds = ckb_process_cpu_seconds() - cpu
                round[swift ? "Swift consumer" : "C consumer"] = result
            }
            for (name, result) in round.sorted(by: { $0.key < $1.key }) {
                guard result.messages == options.messages, result.failures == 0 else {
                    print("FAILED: \(name) handled \(result.messages) of \(options.messages) messages, \(result.failures) failures")
                    throw BenchmarkFailure.countMismatch(name)
                }
                if repetition > 0 { results[name, default: []].append(result) }
            }
            let summary = round.sorted(by: { $0.key < $1.key }).map {
                "\($0.key) \(Int($0.value.messagesPerSecond))/s \(String(format2: $0.value.cpuMicrosecondsPerMessage)) µs CPU/msg"
            }
            print("\(repetition == 0 ? "warm-up" : "rep \(repetition)"): " + summary.joined(separator: ", "))
        }
        print("")
        print(BenchmarkResult.table(results, pairs: [
            ("Swift producer", "C producer"), ("Swift producer", "C producer, DR thread"), ("Swift consumer", "C consumer"),
        ]))
    }

    static var librdkafkaVersion: String { String(cString: ckb_librdkafka_version()) }
}
