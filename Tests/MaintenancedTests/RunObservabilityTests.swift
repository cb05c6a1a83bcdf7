import Contracts
import Foundation
import Kafka
import Lifecycle
import Logging
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
import MaintenancedTesting
#endif

/// `maintenanced run` as it is deployed: its HTTP endpoint is probed and scraped
/// while events go through it, then it is stopped with SIGTERM.
@Suite("maintenanced run: probes, metrics and logs of a running instance", .timeLimit(.minutes(3)))
struct RunObservabilityTests {
    /// GET `path` on the instance: the status and the body.
    static func get(_ port: Int, _ path: String) async throws -> (status: Int, body: String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// The sum of the samples in Prometheus `text` whose series starts with `prefix`
    /// (a name, or a name and the first labels); nil when there is none.
    static func sum(_ prefix: String, in text: String) -> Double? {
        let values = text.split(separator: "\n").filter { !$0.hasPrefix("#") && $0.hasPrefix(prefix) }.compactMap { line in
            line.split(separator: " ").last.flatMap { Double($0) }
        }
        return values.isEmpty ? nil : values.reduce(0, +)
    }

    @Test("/readyz turns 200 once the roles joined and restored; /metrics counters move as events go through; SIGTERM exits 0")
    func probesAndMetricsOfARunningInstance() async throws {
        let instance = try ChildProcess(
            "run",
            [
                "run", "--stop-on-end-of-input", "--http-port", "0", "--topics-dir", RepositoryFiles.topicsDirectory,
                "--tick-interval-ms", "200", "-X", "session.timeout.ms=6000", "-X", "heartbeat.interval.ms=500",
            ])
        do {
            try await exercise(instance)
        } catch {
            Issue.record("maintenanced run standard error:\n\(instance.standardError)")
            throw error
        }
    }

    private func exercise(_ instance: ChildProcess) async throws {
        try await waitUntil("the bootstrap and http lines") { instance.lines.count >= 2 }
        #expect(instance.lines[0].hasPrefix("bootstrap="))
        let brokers = String(instance.lines[0].dropFirst("bootstrap=".count))
        let httpLine = try #require(instance.lines.first { $0.hasPrefix("http=") })
        let port = try #require(httpLine.split(separator: ":").last.flatMap { Int($0) })

        #expect(try await Self.get(port, "/healthz").status == 200)
        // A group join takes about 3 s, so the first answer is normally 503; on a loaded machine
        // the test may ask later, and then every role must have its partitions already.
        let first = try await Self.get(port, "/readyz")
        if first.status == 503 {
            #expect(first.body.hasPrefix("{\"ready\":false,"), "\(first.body)")
        } else {
            #expect(first.status == 200)
            try await waitUntil("every role's assignment in the log", timeout: .seconds(5)) {
                instance.standardError.components(separatedBy: "\"message\":\"Kafka partitions assigned\"").count - 1 >= Role.allCases.count
            }
        }
        try await waitUntil("/readyz answers 200", interval: .milliseconds(200)) { try await Self.get(port, "/readyz").status == 200 }
        let ready = try await Self.get(port, "/readyz").body
        for role in Role.allCases {
            #expect(ready.contains("\"\(role.rawValue)\":{\"joinedGroup\":true,\"partitionsRestored\":true,\"ready\":true}"), "\(ready)")
        }

        let before = try await Self.get(port, "/metrics").body
        #expect(Self.sum("maintenanced_rebalances_total{role=\"scheduler\",kind=\"assigned\"}", in: before) ?? 0 >= 1)
        #expect(Self.sum("maintenanced_restore_duration_seconds_count{role=\"power\"}", in: before) ?? 0 >= 1)
        // Counters of what has not happened yet are there, at 0, for every role.
        for role in Role.allCases {
            for series in [
                "maintenanced_rejections_total{role=\"\(role.rawValue)\",reason=\"unknown-maintenance\"}",
                "maintenanced_dead_letters_total{role=\"\(role.rawValue)\",reason=\"wrong-partition\"}",
                "maintenanced_commits_deferred_total{role=\"\(role.rawValue)\"}",
                "maintenanced_snapshots_skipped_total{role=\"\(role.rawValue)\",reason=\"foreign-write\"}",
            ] {
                #expect(Self.sum(series, in: before) == 0, "\(series) in\n\(before)")
            }
        }
        let requested = "maintenanced_events_consumed_total{role=\"scheduler\",topic=\"maintenance.requests\",type=\"\(EventName.maintenanceRequested)\"}"
        let emitted = "maintenanced_events_emitted_total{role=\"scheduler\""
        let deadLetters = "maintenanced_dead_letters_total{role=\"scheduler\""
        // The power controller's answers on server.transitions are the scheduler's input like any other.
        let transitions = "maintenanced_events_consumed_total{role=\"scheduler\",topic=\"server.transitions\",type=\"\(EventName.serverPowerChanged)\"}"

        for server in ["server-1", "server-2", "server-3"] {
            let run = try await ChildProcess.run([
                "request", "maintenance", "-b", brokers, "--server", server, "--type", "BIOSUpdate", "--namespace", "ops", "--name", "bios",
            ])
            #expect(run.status == 0, "\(run.errors)")
        }
        let transition = FileManager.default.temporaryDirectory.appendingPathComponent("run-observability-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: transition) }
        try Data(#"{"specversion":"1.0","type":"\#(EventName.serverPowerChanged)","source":"/maintenanced/power","subject":"server-4","data":{"power":"off","sequence":1}}"#.utf8)
            .write(to: transition)
        let sent = try await ChildProcess.run(["request", "event", "-b", brokers, "--file", transition.path])
        #expect(sent.status == 0, "\(sent.errors)")
        var logger = Logger(label: "run-observability-tests")
        logger.logLevel = .warning
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: brokers), logger: logger)
        let ticket = try await producer.send(KafkaProducerMessage(topic: TopicName.maintenanceRequests, key: "server-9", value: "not json"))
        try await producer.awaitDelivery(upTo: ticket)
        try await producer.close()

        try await waitUntil("the counters move", interval: .milliseconds(200)) {
            let text = try await Self.get(port, "/metrics").body
            return (Self.sum(requested, in: text) ?? 0) - (Self.sum(requested, in: before) ?? 0) >= 3
                && (Self.sum(emitted, in: text) ?? 0) > (Self.sum(emitted, in: before) ?? 0)
                && (Self.sum(deadLetters, in: text) ?? 0) - (Self.sum(deadLetters, in: before) ?? 0) >= 1
                && (Self.sum(transitions, in: text) ?? 0) - (Self.sum(transitions, in: before) ?? 0) >= 1
                && Self.sum("maintenanced_consumer_lag{role=\"scheduler\",topic=\"maintenance.requests\"", in: text) != nil
                && (Self.sum("maintenanced_state_store_entries{role=\"scheduler\"}", in: text) ?? 0) >= 3
        }
        let after = try await Self.get(port, "/metrics").body
        #expect(Self.sum("maintenanced_processing_duration_seconds_count{role=\"scheduler\"}", in: after) ?? 0 >= 4)
        #expect(Self.sum("maintenanced_state_store_bytes{role=\"scheduler\"}", in: after) ?? 0 > 0)
        #expect(Self.sum("maintenanced_messages_held{role=\"scheduler\"}", in: after) != nil, "set after every batch")
        #expect(Self.sum("maintenanced_source_partitions_paused{role=\"scheduler\"}", in: after) == 0, "set after every batch; nothing waits long enough to pause an input here")
        #expect(Self.sum("maintenanced_events_consumed_total{role=\"scheduler\",topic=\"maintenance.requests\",type=\"invalid\"}", in: after) == 1)
        // The update role passes that type over: it never reaches its log, and is not counted.
        #expect(Self.sum("maintenanced_events_consumed_total{role=\"update\",topic=\"server.transitions\",type=\"\(EventName.serverPowerChanged)\"}", in: after) == nil)

        // Logs: JSON lines (standard error is a pipe), each with its role; the dead letter names its server.
        let lines = instance.standardError.split(separator: "\n").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.contains("\"role\":") }, "a log line without a role")
        #expect(lines.contains { $0.contains("dead letter") && $0.contains("\"server_id\":\"server-9\"") && $0.contains("\"role\":\"scheduler\"") })

        instance.terminate()
        let status = try await instance.exitStatus()
        #expect(status == 0, "exit status \(status): \(instance.standardError.suffix(3000))")
        #expect(instance.standardError.contains("left group"))
    }
}
