import Synchronization

/// One deadline for a process's graceful stop. Every wait of the stop (a role's last
/// commit, leaving its group, the instance directory's tombstone, the producer's close) is
/// bounded on its own, but a group stops its services one after another, so those bounds
/// added up: with no broker answering, 5 + 10 + 20 + 20 s and more, past an orchestrator's
/// grace period (the chart's 60 s). Each wait now takes at most what is left of one budget,
/// which starts when the stop does (`begin()`, or the first wait's `limit(_:)`).
///
/// What a wait gives up on is what a kill would leave: the next owner of the partitions
/// processes again what was not committed, with the same outputs.
public final class StopBudget: Sendable {
    /// The whole stop's time unless told otherwise: well inside a 60 s grace period, with
    /// room for the 5 s a start in progress may still wait for a broker's metadata.
    public static let defaultTotal: Duration = .seconds(25)

    /// The whole stop's time.
    public let total: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let deadline = Mutex<ContinuousClock.Instant?>(nil)

    /// A budget of `total`, not started, on the continuous clock (or on `now`, for tests).
    public init(total: Duration = StopBudget.defaultTotal, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.total = total
        self.now = now
    }

    /// Starts the budget now, unless it started already.
    public func begin() {
        _ = start()
    }

    /// What a wait bounded by `bound` may take now: `bound`, or what is left of the budget if
    /// that is less (zero once it is spent). Starts the budget if it had not started.
    public func limit(_ bound: Duration) -> Duration {
        let left = start() - now()
        return max(.zero, min(bound, left))
    }

    private func start() -> ContinuousClock.Instant {
        deadline.withLock { deadline in
            if let deadline { return deadline }
            let started = now() + total
            deadline = started
            return started
        }
    }
}
