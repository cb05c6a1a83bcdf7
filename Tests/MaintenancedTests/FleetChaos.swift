import FleetSimulator
import MaintenancedTesting

/// Process faults at random moments for the whole of a fleet run, from a seed:
/// repeated SIGKILLs of a random instance of a random role (each restarted), or a
/// rebalance storm (extra instances joining, and leaving by SIGTERM or SIGKILL).
/// The seed fixes the schedule — what is done, to which instance, how long after
/// the previous fault — not where in the processing it lands, which depends on
/// the machine.
struct FleetChaos: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        /// SIGKILL a random live instance, roles in a shuffled order per round of
        /// three (so each role is hit), and start a new instance in its place.
        case kills
        /// Start an extra instance of a random role, or stop a random extra one:
        /// SIGTERM (a graceful leave, which must exit 0) or SIGKILL.
        case storm
    }

    /// What was done, by role.
    struct Counts: Sendable {
        var kills: [String: Int] = [:]
        var joins: [String: Int] = [:]
        var gracefulLeaves: [String: Int] = [:]
        var killedLeaves: [String: Int] = [:]
        /// Each fault with its time from the start, e.g. `12.4 s kill power-2`.
        var timeline: [String] = []

        var total: Int { [kills, joins, gracefulLeaves, killedLeaves].reduce(0) { $0 + $1.values.reduce(0, +) } }
    }

    var kind: Kind
    var seed: UInt64
    /// Seconds between two faults, drawn uniformly.
    var interval: ClosedRange<Double>
    /// Seconds before the first fault, drawn uniformly: early, because a 200-server fleet
    /// with no fault settles in about 6 s (2a51231), before a fault drawn from `interval`
    /// might come (a kills round ended with none, and failed the soak's count of faults).
    var firstDelay: ClosedRange<Double> = 0.3...1.5
    /// At most this many extra instances at once (storm).
    var maxExtras = 3
    /// A graceful leave's share of the leaves (storm).
    var gracefulShare = 0.6

    init(kind: Kind, seed: UInt64) {
        self.kind = kind
        self.seed = seed
        interval = kind == .kills ? 2...8 : 1...4
    }

    /// Injects faults until cancelled, recording each in `counts`.
    func inject(into instances: RoleInstances, counts: Shared<Counts>) async throws {
        var random = SeededGenerator(seed: seed)
        var order: [String] = []
        let start = ContinuousClock.now
        func record(_ what: String, _ name: String, _ keyPath: WritableKeyPath<Counts, [String: Int]>, _ role: String) {
            let seconds = (ContinuousClock.now - start) / .seconds(1)
            counts.update { counts in
                counts[keyPath: keyPath][role, default: 0] += 1
                counts.timeline.append("\((seconds * 10).rounded() / 10) s \(what) \(name)")
            }
        }
        var wait = firstDelay
        while true {
            try await Task.sleep(for: .milliseconds(Int(Double.random(in: wait, using: &random) * 1000)))
            wait = interval
            switch kind {
            case .kills:
                if order.isEmpty { order = RoleInstances.roles.shuffled(using: &random) }
                let role = order.removeLast()
                guard let victim = instances.live(role).randomElement(using: &random) else { continue }
                record("kill", victim.name, \.kills, role)
                try await instances.kill(victim)
                try instances.start(role)
            case .storm:
                let extras = instances.live(extras: true)
                if extras.isEmpty || (extras.count < maxExtras && Bool.random(using: &random)) {
                    let role = RoleInstances.roles.randomElement(using: &random)!
                    let child = try instances.start(role, extra: true)
                    record("join", child.name, \.joins, role)
                } else {
                    let victim = extras.randomElement(using: &random)!
                    let role = instances.role(of: victim)
                    if Double.random(in: 0..<1, using: &random) < gracefulShare {
                        record("leave (SIGTERM)", victim.name, \.gracefulLeaves, role)
                        await instances.terminate(victim)
                    } else {
                        record("leave (SIGKILL)", victim.name, \.killedLeaves, role)
                        try await instances.kill(victim)
                    }
                }
            }
        }
    }
}
