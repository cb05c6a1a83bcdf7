import CKafkaBenchmarkLoops
import Kafka

/// The C baseline loops, called with the benchmark's settings.
enum CLoops {
    static func produce(cluster: EmbeddedKafkaCluster, topic: String, options: BenchmarkOptions) -> BenchmarkResult {
        BenchmarkResult(ckb_produce(cluster.bootstrapServers, topic, Int64(options.messages), Int32(options.valueSize), Int32(options.keyCount)))
    }

    static func produceWithDeliveryThread(cluster: EmbeddedKafkaCluster, topic: String, options: BenchmarkOptions) -> BenchmarkResult {
        BenchmarkResult(ckb_produce_dr_thread(cluster.bootstrapServers, topic, Int64(options.messages), Int32(options.valueSize), Int32(options.keyCount)))
    }

    static func consume(cluster: EmbeddedKafkaCluster, topic: String, options: BenchmarkOptions) -> BenchmarkResult {
        BenchmarkResult(ckb_consume(cluster.bootstrapServers, topic, options.partitions, Int64(options.messages)))
    }
}
