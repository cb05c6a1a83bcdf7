import Synchronization

/// Whether a consumer owes its group offsets it stored, and when to send them again.
///
/// A consumer's caller stores offsets after processing and commits them; a commit the
/// group refuses while it rebalances, or one it never answers, leaves them stored and owed.
/// librdkafka's auto-commit used to send those every `auto.commit.interval.ms`, but it also
/// commits the partitions a rebalance or a close takes away, and one of those commits still
/// in flight when a close ends makes librdkafka 2.0.2 abort the process
/// (`rd_kafka_cgrp_terminated: assert: !rd_kafka_assignment_in_progress`). So auto-commit
/// is off, and the consumer's polling thread resends owed offsets itself
/// (`KafkaConsumer.resendOwedCommit`, before a poll): only offsets owed for a whole
/// interval, at most once an interval; nothing commits on its own when partitions are taken
/// away or the consumer closes.
///
/// Stores and confirmed commits are counted as generations: a commit of all stored offsets
/// that started after store `n` and was confirmed covers every store up to `n`.
final class CommitLedger: Sendable {
    private struct State {
        /// Stores made (of any offsets).
        var stored: UInt64 = 0
        /// The latest store a confirmed commit of all stored offsets covered.
        var committed: UInt64 = 0
        /// Since when offsets have been owed (`nil`: nothing is).
        var owedSince: ContinuousClock.Instant?
        /// When the last resend started.
        var lastResend: ContinuousClock.Instant?
        /// Resends started.
        var resends = 0
    }

    /// How long offsets stay owed before they are sent again, and the least time between resends.
    let interval: Duration
    private let state = Mutex(State())

    init(interval: Duration) {
        self.interval = interval
    }

    /// Records a store at `now`.
    func stored(at now: ContinuousClock.Instant = .now) {
        state.withLock { state in
            state.stored += 1
            if state.owedSince == nil { state.owedSince = now }
        }
    }

    /// The generation a commit of all stored offsets starting now covers once confirmed.
    var generation: UInt64 { state.withLock { $0.stored } }

    /// Records a confirmed commit of all stored offsets that started at `generation`.
    func confirmed(_ generation: UInt64, at now: ContinuousClock.Instant = .now) {
        state.withLock { state in
            state.committed = max(state.committed, generation)
            // Stores after the commit started are owed from now on (a little later than they were made).
            state.owedSince = state.committed >= state.stored ? nil : now
        }
    }

    /// Whether offsets stored are not yet confirmed committed.
    var owes: Bool { state.withLock { $0.committed < $0.stored } }

    /// How many resends were started.
    var resends: Int { state.withLock { $0.resends } }

    /// The generation to resend at `now`, if offsets have been owed for an interval and none
    /// was resent within one; counts it as started.
    func resendDue(at now: ContinuousClock.Instant) -> UInt64? {
        state.withLock { state in
            guard state.committed < state.stored, let since = state.owedSince, now - since >= interval else { return nil }
            if let last = state.lastResend, now - last < interval { return nil }
            state.lastResend = now
            state.resends += 1
            return state.stored
        }
    }
}
