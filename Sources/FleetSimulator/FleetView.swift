import Contracts
import Events

/// The whole fleet as `server.transitions` and the dead-letter topic tell it:
/// one `ServerView` per server, counts per state, and the latest transitions.
public struct FleetView: Sendable {
    /// Every server seen, by id.
    public var servers: [String: ServerView] = [:]
    /// Messages seen on the dead-letter topic.
    public var deadLetters = 0
    /// Distinct transitions seen (rejections included).
    public var transitionCount = 0
    /// Transitions seen again (same id).
    public var redelivered = 0
    /// The latest transitions, newest last, as `server: summary`.
    public private(set) var latest: [String] = []
    /// How many of the latest transitions are kept.
    public var latestLimit = 8

    public init() {}

    /// Takes one event of `server.transitions`; returns its record when it is new.
    @discardableResult
    public mutating func apply(_ event: CloudEvent) -> TransitionRecord? {
        guard let server = event.subject else { return nil }
        let record = servers[server, default: ServerView(id: server)].apply(event)
        guard let record else {
            redelivered += 1
            return nil
        }
        transitionCount += 1
        latest.append("\(server): \(record.summary)")
        if latest.count > latestLimit { latest.removeFirst(latest.count - latestLimit) }
        return record
    }

    /// How many servers are in each value of `state`, e.g. `\.status`.
    public func count(_ state: KeyPath<ServerView, String>) -> [(state: String, servers: Int)] {
        Dictionary(grouping: servers.values, by: { $0[keyPath: state] })
            .map { (state: $0.key, servers: $0.value.count) }
            .sorted { $0.state < $1.state }
    }

    /// How many maintenances are in each state (Pending, InMaintenance, Complete, Failed, Cancelled).
    public var maintenanceCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for server in servers.values {
            for state in server.maintenances.values { counts[state, default: 0] += 1 }
        }
        return counts
    }

    /// All rejections seen.
    public var rejectionCount: Int { servers.values.reduce(0) { $0 + $1.rejections.count } }
}
