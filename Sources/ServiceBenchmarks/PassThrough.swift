import CKafkaBenchmarkLoops
import Foundation
import MaintenancedTesting

/// The ceiling: librdkafka in C consuming a role's input and producing every message
/// unchanged to another topic (`ckb_passthrough`), against the same broker and input, in
/// a process of its own (`maintenanced-benchmark c-passthrough …`, see `CPassThroughCommand`).
public enum PassThrough {
    /// The topic the pass-through writes (created with the input's partition count).
    public static let outputTopic = "bench.passthrough"

    /// What one pass-through did, as its process prints it (one JSON line).
    public struct Report: Codable, Sendable {
        public var messages: Int64
        public var failures: Int64
        public var seconds: Double
        /// The pass-through process's CPU time from the assign to the last delivery, seconds.
        public var cpuSeconds: Double
    }

    /// Passes `count` messages of `topics` (partitions 0..<partitions of each) through to
    /// `outputTopic`, committing every `batch` messages, in this process; for the child process.
    public static func run(bootstrap: String, topics: [String], partitions: Int32, count: Int, group: String, batch: Int) -> Report {
        let cpu = ckb_process_cpu_seconds()
        var names = topics.map { strdup($0) }
        defer { for name in names { free(name) } }
        let result = names.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { pointers in
                ckb_passthrough(bootstrap, pointers.baseAddress, Int32(topics.count), partitions, Int64(count), outputTopic, group, Int32(batch))
            }
        }
        return Report(messages: result.messages, failures: result.failures, seconds: result.seconds, cpuSeconds: ckb_process_cpu_seconds() - cpu)
    }

    /// Runs the pass-through of the `count` messages of `topics` in its own process (`executable
    /// c-passthrough`) and measures it; the broker's CPU in the same span comes from its process.
    public static func measure(on cluster: BenchmarkCluster, topics: [String], count: Int, executable: String, batch: Int = 500) async throws -> RoleMeasurement {
        let group = "bench-passthrough-\(UUID().uuidString.prefix(8))"
        let brokerBefore = cluster.broker.cpuSeconds
        let child = try ChildProcess.benchmark(
            "the C pass-through", executable: executable,
            [
                "c-passthrough", "--bootstrap", cluster.bootstrapServers, "--topics", topics.joined(separator: ","), "--partitions", String(cluster.partitions),
                "--count", String(count), "--group", group, "--batch", String(batch),
            ])
        let status = try await child.waitForExit()
        let brokerCPU = cluster.broker.cpuSeconds - brokerBefore
        guard status == 0, let line = child.lines.last, let report = try? JSONDecoder().decode(Report.self, from: Data(line.utf8)) else {
            throw BenchmarkError("the pass-through failed (exit \(status)): \(child.lines.joined(separator: "\n")) \(child.standardErrorTail())")
        }
        guard report.failures == 0, report.messages == Int64(count) else {
            throw BenchmarkError("pass-through: \(report.messages) of \(count) messages, \(report.failures) failures")
        }
        var measurement = RoleMeasurement(events: count, seconds: report.seconds, cpuSeconds: report.cpuSeconds, brokerCPUSeconds: brokerCPU)
        // Each input message read once and written once (checked above).
        measurement.messagesReadPerEvent = 1
        measurement.messagesWrittenPerEvent = Double(report.messages) / Double(max(count, 1))
        return measurement
    }
}
