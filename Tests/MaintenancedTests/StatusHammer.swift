import Foundation
import MaintenancedTesting

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Queries the status API of every instance of a fleet run as fast as it answers, on
/// loopback, bounded in count and time, counting the answers.
struct StatusHammer: Sendable {
    /// What the queries got.
    struct Counts: Sendable {
        var statuses: [Int: Int] = [:]
        var failures = 0
        var slowest: Duration = .zero
        var total: Int { statuses.values.reduce(0, +) + failures }
    }

    var maxRequests = 4000
    var maxTime: Duration = .seconds(240)
    var concurrency = 4
    let counts = Shared(Counts())

    /// Until `maxRequests` are sent or `maxTime` passed (or cancelled).
    func run(_ instances: RoleInstances, servers: [String]) async throws {
        try await waitUntil("every instance listens", timeout: .seconds(60)) { instances.all.allSatisfy { StatusProbe.port(of: $0) != nil } }
        let urls = instances.all.compactMap(StatusProbe.port).map { "http://127.0.0.1:\($0)" }
        // Until the instances have found each other (directory records read), a part answers 503: start once one list is whole.
        try? await waitUntil("the instances know each other's partitions", timeout: .seconds(30), interval: .milliseconds(200)) {
            try await StatusProbe.json(urls[0] + "/v1/servers?limit=1")["unavailable"] == nil
        }
        let paths = ["/v1/servers?stuck=true", "/v1/servers?state=maintenance&limit=10", "/", "/v1/clusters"] + servers.prefix(20).map { "/v1/servers/\($0)" }
        let deadline = ContinuousClock.now + maxTime
        let next = Shared(0)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for _ in 0..<concurrency {
                tasks.addTask {
                    while ContinuousClock.now < deadline, !Task.isCancelled {
                        let index = next.update { value in
                            defer { value += 1 }
                            return value
                        }
                        guard index < maxRequests else { return }
                        let url = urls[index % urls.count] + paths[index % paths.count]
                        let started = ContinuousClock.now
                        do {
                            let status = try await StatusProbe.get(url).status
                            let took = ContinuousClock.now - started
                            counts.update { $0.statuses[status, default: 0] += 1; $0.slowest = max($0.slowest, took) }
                        } catch {
                            counts.update { $0.failures += 1 }
                        }
                    }
                }
            }
            try await tasks.waitForAll()
        }
    }
}
