import CKafkaBenchmarkLoops
import Foundation

/// The ceiling: librdkafka in C consuming a role's input and producing every message
/// unchanged to another topic (`ckb_passthrough`), against the same broker and input.
public enum PassThrough {
    /// The topic the pass-through writes (created with the input's partition count).
    public static let outputTopic = "bench.passthrough"

    /// Passes the `count` messages of `topics` through, committing every `batch` messages.
    public static func measure(on cluster: BenchmarkCluster, topics: [String], count: Int, batch: Int = 500) throws -> RoleMeasurement {
        let group = "bench-passthrough-\(UUID().uuidString.prefix(8))"
        let cpu = ckb_process_cpu_seconds()
        var names = topics.map { strdup($0) }
        defer { for name in names { free(name) } }
        let result = names.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { pointers in
                ckb_passthrough(
                    cluster.cluster.bootstrapServers, pointers.baseAddress, Int32(topics.count), cluster.partitions, Int64(count), outputTopic, group,
                    Int32(batch))
            }
        }
        let cpuSeconds = ckb_process_cpu_seconds() - cpu
        guard result.failures == 0, result.messages == Int64(count) else {
            throw BenchmarkError("pass-through: \(result.messages) of \(count) messages, \(result.failures) failures")
        }
        return RoleMeasurement(events: count, seconds: result.seconds, cpuSeconds: cpuSeconds)
    }
}
