/// How long one attempt of a step that waits on the outside world may take, and
/// how many attempts it gets before the step fails.
public struct RetryPolicy: Sendable, Hashable {
    /// The time one attempt may take before it counts as timed out.
    public var timeout: Milliseconds
    /// The number of attempts in all (at least 1).
    public var attempts: Int

    /// Creates a policy of `attempts` attempts of `timeout` each.
    public init(timeout: Milliseconds, attempts: Int) {
        self.timeout = timeout
        self.attempts = max(1, attempts)
    }
}
