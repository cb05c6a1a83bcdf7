import Foundation

/// What a user might write instead: the maintenance scheduler's rules in Python on
/// confluent-kafka (`benchmarks/baselines/scheduler_baseline.py`), run as a child process
/// on the same input; it prints one JSON line with what it read and how long it took.
public enum PythonBaseline {
    /// Runs `script` against the cluster until it has consumed `count` events of `topics`.
    public static func measure(script: String, on cluster: BenchmarkCluster, topics: [String], count: Int) throws -> RoleMeasurement {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", script, "--bootstrap", cluster.cluster.bootstrapServers, "--topics", topics.joined(separator: ","),
            "--partitions", String(cluster.partitions), "--count", String(count), "--group", "bench-python-\(UUID().uuidString.prefix(8))",
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let events = object["events"] as? Int, let seconds = object["seconds"] as? Double, let cpu = object["cpuSeconds"] as? Double
        else {
            throw BenchmarkError("the Python baseline failed (exit \(process.terminationStatus)): \(String(decoding: data, as: UTF8.self))")
        }
        guard events == count else { throw BenchmarkError("the Python baseline read \(events) of \(count) events") }
        return RoleMeasurement(events: events, seconds: seconds, cpuSeconds: cpu)
    }
}
