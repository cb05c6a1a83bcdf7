/// A step that is waiting on the outside world: which attempt it is and when that
/// attempt times out.
///
/// Every wait has a deadline, so nothing waits forever: a `tick` at or after the
/// deadline retries the step or fails it.
public struct Wait<Step: Sendable & Hashable>: Sendable, Hashable {
    /// What is being waited for.
    public var step: Step
    /// The attempt in progress, starting at 1.
    public var attempt: Int
    /// When this attempt times out.
    public var deadline: Instant
    /// Why this attempt's answer did not end it, when it was refused rather than failed (the power controller answered
    /// its command busy, running another's): said in the failure when the attempt times out with the budget used, which
    /// otherwise read only "timed out" though nothing had been waited for. nil for a plain timeout.
    public var refusal: String?

    /// Starts the first attempt of `step` at `now`.
    public init(_ step: Step, at now: Instant, policy: RetryPolicy) {
        self.step = step
        self.attempt = 1
        self.deadline = now + policy.timeout
    }

    /// Whether the attempt has timed out at `now`.
    public func isDue(at now: Instant) -> Bool { now >= deadline }

    /// The next attempt, or nil when the policy's attempts are used up.
    public func retried(at now: Instant, policy: RetryPolicy) -> Wait? {
        guard attempt < policy.attempts else { return nil }
        var next = self
        next.attempt += 1
        next.deadline = now + policy.timeout
        next.refusal = nil
        return next
    }

}

extension Wait {
    /// A wait from its members (as a changelog holds it).
    public init(step: Step, attempt: Int, deadline: Instant, refusal: String? = nil) {
        self.step = step
        self.attempt = attempt
        self.deadline = deadline
        self.refusal = refusal
    }
}

extension Wait where Step: RawRepresentable, Step.RawValue == String {
    /// The reason the attempt ends with at its deadline: timed out after `timeout`, and why it was refused, if it was.
    public func timeoutReason(after timeout: Milliseconds) -> String {
        "\(step.rawValue) timed out after \(timeout)" + (refusal.map { " (the last attempt was refused: \($0))" } ?? "")
    }
}
