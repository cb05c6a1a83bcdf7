import Foundation
import Logging
import MaintenancedConfiguration
import Prometheus
import ServiceLifecycle
import Testing

@testable import Observability

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The server as the process runs it: in a `ServiceGroup`, on a real socket,
/// scraped over HTTP, then shut down gracefully.
@Suite("the observability server in a ServiceGroup on a real socket") struct RunningServerTests {
    private func get(_ port: Int, _ path: String) async throws -> (status: Int, body: String) {
        let url = URL(string: "http://127.0.0.1:\(port)\(path)")!
        let (data, response) = try await URLSession.shared.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// The value of the sample `series` (name and labels as printed) in Prometheus text.
    private func sample(_ series: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test("a running server answers probes and its counters move", .timeLimit(.minutes(1)))
    func aRunningServerAnswersProbesAndItsCountersMove() async throws {
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let health = ServiceHealth(roles: [.power])
        let metrics = ServiceMetrics(registry: PrometheusCollectorRegistry())
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let server = ObservabilityServer(
            settings: HTTPSettings(host: "127.0.0.1", port: 0), health: health, metrics: metrics, logger: logger,
            onServerRunning: { portContinuation.yield($0) }
        )
        let group = ServiceGroup(services: [server], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            #expect(port > 0)

            #expect(try await get(port, "/healthz").status == 200)
            #expect(try await get(port, "/readyz").status == 503)
            health.setJoinedGroup(true, for: .power)
            health.setPartitionsRestored(true, for: .power)
            let ready = try await get(port, "/readyz")
            #expect(ready.status == 200)
            #expect(ready.body.contains(#""power":{"joinedGroup":true,"partitionsRestored":true,"ready":true}"#))

            let series = #"maintenanced_events_consumed_total{role="power",topic="power.events",type="dev.maintenanced.bmc.power.observed"}"#
            metrics.eventConsumed(role: .power, topic: "power.events", type: "dev.maintenanced.bmc.power.observed")
            let first = try #require(sample(series, in: try await get(port, "/metrics").body))
            for _ in 0..<5 {
                metrics.eventConsumed(role: .power, topic: "power.events", type: "dev.maintenanced.bmc.power.observed")
            }
            let second = try #require(sample(series, in: try await get(port, "/metrics").body))
            #expect(second - first == 5)

            health.markShuttingDown()
            #expect(try await get(port, "/readyz").status == 503)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}
