/// A per-key state machine of the lifecycle core: it takes an input and the time of
/// the event and either moves on and returns the outputs to emit, or rejects the
/// input and stays as it was.
public protocol LifecycleMachine: Sendable, Hashable {
    /// What the machine consumes.
    associatedtype Input: Sendable, Hashable
    /// What the machine emits.
    associatedtype Output: Sendable, Hashable

    /// Applies `input` at `now` in place. It may leave `self` half-changed when it
    /// throws, so callers use `handle(_:at:)`, which commits only on success.
    mutating func step(_ input: Input, at now: Instant) throws(Rejection) -> [Output]
}

extension LifecycleMachine {
    /// Applies `input` at `now` and returns the outputs to emit in order, or rejects
    /// it and leaves the state unchanged (the step runs on a copy that is committed
    /// only when it succeeds).
    public mutating func handle(_ input: Input, at now: Instant) -> Result<[Output], Rejection> {
        var next = self
        do throws(Rejection) {
            let outputs = try next.step(input, at: now)
            self = next
            return .success(outputs)
        } catch {
            return .failure(error)
        }
    }
}
