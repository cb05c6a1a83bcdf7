import Foundation
import MaintenancedTesting

/// What a user might write instead: the maintenance scheduler's rules in Python on
/// confluent-kafka (`benchmarks/baselines/scheduler_baseline.py`), run as a child process
/// on the same input; it prints one JSON line with what it read, how long it took and its
/// own CPU time.
public enum PythonBaseline {
    /// Why the baseline cannot run here (no `script`, no python3, no confluent-kafka), or nil if it can.
    public static func unavailable(script: String) -> String? {
        guard FileManager.default.fileExists(atPath: script) else { return "\(script) not found (see --python)" }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import confluent_kafka"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        do {
            try check.run()
            check.waitUntilExit()
        } catch {
            return "python3 could not be started: \(error)"
        }
        guard check.terminationStatus == 0 else { return "python3 cannot import confluent_kafka (scripts/setup installs it)" }
        return nil
    }

    /// Runs `script` against the cluster until it has consumed `count` events of `topics`.
    public static func measure(script: String, on cluster: BenchmarkCluster, topics: [String], count: Int) async throws -> RoleMeasurement {
        let brokerBefore = cluster.broker.cpuSeconds
        let child = try ChildProcess.benchmark(
            "the Python baseline", executable: "/usr/bin/env",
            [
                "python3", script, "--bootstrap", cluster.bootstrapServers, "--topics", topics.joined(separator: ","),
                "--partitions", String(cluster.partitions), "--count", String(count), "--group", "bench-python-\(UUID().uuidString.prefix(8))",
            ])
        let status = try await child.waitForExit()
        let brokerCPU = cluster.broker.cpuSeconds - brokerBefore
        guard status == 0, let line = child.lines.last,
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let events = object["events"] as? Int, let seconds = object["seconds"] as? Double, let cpu = object["cpuSeconds"] as? Double
        else {
            throw BenchmarkError("the Python baseline failed (exit \(status)): \(child.lines.joined(separator: "\n")) \(child.standardErrorTail())")
        }
        guard events == count else { throw BenchmarkError("the Python baseline read \(events) of \(count) events") }
        // The broker's CPU covers the whole child process (its start included): an upper bound.
        return RoleMeasurement(events: events, seconds: seconds, cpuSeconds: cpu, brokerCPUSeconds: brokerCPU)
    }
}
