import Lifecycle

/// A fixed origin for test times: 2026-01-01T00:00:00Z.
let t0 = Instant(millisecondsSinceEpoch: 1_767_225_600_000)

extension Instant {
    /// `self` plus `milliseconds`.
    func after(_ milliseconds: Milliseconds) -> Instant { self + milliseconds }
}
