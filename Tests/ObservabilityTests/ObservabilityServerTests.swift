import Events
import Foundation
import Hummingbird
import HummingbirdTesting
import Lifecycle
import Logging
import MaintenancedConfiguration
import Prometheus
import Testing

@testable import Observability

@Suite("the observability server's /healthz, /readyz and /metrics") struct ObservabilityServerTests {
    private func server(roles: [Role] = Role.allCases) -> ObservabilityServer {
        ObservabilityServer(
            settings: HTTPSettings(host: "127.0.0.1", port: 0),
            health: ServiceHealth(roles: roles),
            metrics: ServiceMetrics(registry: PrometheusCollectorRegistry()),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }

    @Test("/healthz answers while alive") func healthzAnswersWhileAlive() async throws {
        let server = server()
        try await server.makeApplication().test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok\n")
            }
            server.health.markNotAlive(reason: "poll loop stuck")
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("poll loop stuck"))
            }
        }
    }

    @Test("/readyz follows every role") func readyzFollowsEveryRole() async throws {
        let server = server(roles: [.scheduler, .power])
        let health = server.health
        try await server.makeApplication().test(.router) { client in
            func readiness() async throws -> (HTTPResponse.Status, [String: Any]) {
                try await client.execute(uri: "/readyz", method: .get) { response in
                    #expect(response.headers[.contentType] == "application/json")
                    let body = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8))
                    return (response.status, try #require(body as? [String: Any]))
                }
            }
            var (status, body) = try await readiness()
            #expect(status == .serviceUnavailable)
            #expect(body["ready"] as? Bool == false)
            health.setJoinedGroup(true, for: .scheduler)
            health.setPartitionsRestored(true, for: .scheduler)
            health.setJoinedGroup(true, for: .power)
            (status, body) = try await readiness()
            #expect(status == .serviceUnavailable)
            let power = try #require((body["roles"] as? [String: Any])?["power"] as? [String: Any])
            #expect(power["joinedGroup"] as? Bool == true)
            #expect(power["partitionsRestored"] as? Bool == false)
            health.setPartitionsRestored(true, for: .power)
            (status, body) = try await readiness()
            #expect(status == .ok)
            #expect(body["ready"] as? Bool == true)
            health.markShuttingDown()
            (status, body) = try await readiness()
            #expect(status == .serviceUnavailable)
            #expect(body["shuttingDown"] as? Bool == true)
        }
    }

    @Test("/metrics shows the counters moving") func metricsShowTheCountersMoving() async throws {
        let server = server()
        let metrics = server.metrics
        try await server.makeApplication().test(.router) { client in
            func scrape() async throws -> String {
                try await client.execute(uri: "/metrics", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                    return String(buffer: response.body)
                }
            }
            metrics.eventConsumed(role: .power, topic: "power.events", type: "dev.maintenanced.power.observed")
            let before = try await scrape()
            #expect(
                before.contains(
                    #"maintenanced_events_consumed_total{role="power",topic="power.events",type="dev.maintenanced.power.observed"} 1"#
                )
            )
            #expect(before.contains("# HELP maintenanced_events_consumed_total"))
            metrics.eventConsumed(role: .power, topic: "power.events", type: "dev.maintenanced.power.observed")
            metrics.eventEmitted(role: .power, topic: "server.transitions", type: "dev.maintenanced.server.status.changed")
            metrics.rejected(role: .scheduler, reason: "late")
            metrics.deadLettered(role: .update, reason: .schemaViolation)
            metrics.processed(role: .power, duration: .milliseconds(3))
            metrics.consumerLag(role: .power, topic: "power.events", partition: 7, lag: 42)
            metrics.stateStoreSize(role: .power, entries: 12, bytes: 3400)
            metrics.messagesHeld(role: .power, count: 5)
            metrics.sourcePartitionsPaused(role: .power, count: 2)
            metrics.restored(role: .power, duration: .milliseconds(1500))
            metrics.rebalanced(role: .power, assigned: true)
            metrics.wroteSnapshots(role: .power, written: 23, skipped: ["foreign-write": 1, "failed": 0], duration: .milliseconds(700))
            metrics.wroteSnapshots(role: .power, written: 0, skipped: ["out-of-time": 2], duration: .zero)
            let after = try await scrape()
            let expected = [
                #"maintenanced_events_consumed_total{role="power",topic="power.events",type="dev.maintenanced.power.observed"} 2"#,
                #"maintenanced_events_emitted_total{role="power",topic="server.transitions",type="dev.maintenanced.server.status.changed"} 1"#,
                #"maintenanced_rejections_total{role="scheduler",reason="late"} 1"#,
                #"maintenanced_dead_letters_total{role="update",reason="schema-violation"} 1"#,
                #"maintenanced_processing_duration_seconds_count{role="power"} 1"#,
                #"maintenanced_processing_duration_seconds_bucket{role="power",le="0.005"} 1"#,
                #"maintenanced_consumer_lag{role="power",topic="power.events",partition="7"} 42"#,
                #"maintenanced_state_store_entries{role="power"} 12"#,
                #"maintenanced_state_store_bytes{role="power"} 3400"#,
                #"maintenanced_messages_held{role="power"} 5"#,
                #"maintenanced_source_partitions_paused{role="power"} 2"#,
                #"maintenanced_restore_duration_seconds_count{role="power"} 1"#,
                #"maintenanced_rebalances_total{role="power",kind="assigned"} 1"#,
                #"maintenanced_snapshots_written_total{role="power"} 23"#,
                #"maintenanced_snapshot_duration_seconds_count{role="power"} 1"#,
                #"maintenanced_snapshot_duration_seconds_bucket{role="power",le="1.0"} 1"#,
                #"maintenanced_snapshots_skipped_total{role="power",reason="foreign-write"} 1"#,
                #"maintenanced_snapshots_skipped_total{role="power",reason="out-of-time"} 2"#,
            ]
            for line in expected {
                #expect(after.contains(line), "missing \(line) in\n\(after)")
            }
            // A reason with none skipped, and a round that wrote nothing, make no series.
            #expect(!after.contains(#"reason="failed""#))
            metrics.partitionRevoked(role: .power, topic: "power.events", partition: 7)
            #expect(!(try await scrape()).contains(#"partition="7""#))
        }
    }

    @Test("without the status API too, an unknown path is a JSON 404 and a probe asked with POST a JSON 405 with Allow")
    func missesAreJSON() async throws {
        try await server().makeApplication().test(.router) { client in
            try await client.execute(uri: "/v1/servers", method: .get) { response in
                #expect(response.status == .notFound && response.headers[.contentType] == "application/json")
                #expect(String(buffer: response.body) == #"{"error":"not found","message":"no such path /v1/servers (see docs/API.md)"}"# + "\n")
            }
            try await client.execute(uri: "/readyz", method: .post) { response in
                #expect(response.status == .methodNotAllowed && response.headers[.allow] == "GET, HEAD")
                #expect(String(buffer: response.body).hasPrefix(#"{"error":"method not allowed","#))
            }
        }
    }

    @Test("every metric has help and a unique name") func everyMetricHasHelpAndAUniqueName() {
        #expect(Set(MetricName.all.map(\.name)).count == MetricName.all.count)
        for metric in MetricName.all {
            #expect(metric.name.hasPrefix("maintenanced_"))
            #expect(!metric.help.isEmpty)
            #expect(metric.labels.first == "role")
        }
    }

    @Test("prepare makes a role's counters that appear only when something happens at 0, each reason given")
    func preparedCountersStartAtZero() {
        let metrics = ServiceMetrics(registry: PrometheusCollectorRegistry())
        #expect(!metrics.prometheusText().contains("maintenanced_commits_deferred_total"))
        metrics.prepare(role: .update, rejectionCodes: ["duplicate", "stale"], snapshotSkips: ["failed"])
        let text = metrics.prometheusText()
        for line in [
            #"maintenanced_rejections_total{role="update",reason="duplicate"} 0"#, #"maintenanced_rejections_total{role="update",reason="stale"} 0"#,
            #"maintenanced_commits_deferred_total{role="update"} 0"#, #"maintenanced_sequencer_idle_expirations_total{role="update"} 0"#,
            #"maintenanced_source_restarts_total{role="update"} 0"#,
            #"maintenanced_snapshots_written_total{role="update"} 0"#, #"maintenanced_snapshots_skipped_total{role="update",reason="failed"} 0"#,
            #"maintenanced_snapshot_duration_seconds_count{role="update"} 0"#,
        ] {
            #expect(text.contains(line), "missing \(line) in\n\(text)")
        }
        // Counting on from there.
        metrics.commitDeferred(role: .update)
        #expect(metrics.prometheusText().contains(#"maintenanced_commits_deferred_total{role="update"} 1"#))
    }

    @Test("prepare makes the dead-letter counter of every reason at 0, for the role prepared only")
    func deadLettersStartAtZeroForEveryReason() {
        let metrics = ServiceMetrics(registry: PrometheusCollectorRegistry())
        #expect(!metrics.prometheusText().contains("maintenanced_dead_letters_total"))
        metrics.prepare(role: .scheduler, rejectionCodes: [], snapshotSkips: [])
        let text = metrics.prometheusText()
        for reason in DeadLetter.Reason.allCases {
            let line = #"maintenanced_dead_letters_total{role="scheduler",reason="\#(reason.rawValue)"} 0"#
            #expect(text.split(separator: "\n").contains { $0 == line }, "missing \(line) in\n\(text)")
        }
        #expect(text.components(separatedBy: "maintenanced_dead_letters_total{").count - 1 == DeadLetter.Reason.allCases.count)
        #expect(!text.contains(#"maintenanced_dead_letters_total{role="power""#))
        // Counting on from there.
        metrics.deadLettered(role: .scheduler, reason: .wrongPartition)
        #expect(metrics.prometheusText().contains(#"maintenanced_dead_letters_total{role="scheduler",reason="wrong-partition"} 1"#))
    }
}
