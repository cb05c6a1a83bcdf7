import Lifecycle
import Testing

/// A fixed origin for test times: 2026-01-01T00:00:00Z.
let t0 = Instant(millisecondsSinceEpoch: 1_767_225_600_000)

extension LifecycleMachine {
    /// Applies inputs that must all be accepted (test setup), returning all outputs.
    @discardableResult
    mutating func drive(_ inputs: [Input], at now: Instant = t0, sourceLocation: SourceLocation = #_sourceLocation) -> [Output] {
        var outputs: [Output] = []
        for input in inputs {
            switch handle(input, at: now) {
            case let .success(emitted): outputs += emitted
            case let .failure(rejection):
                Issue.record("setup input \(input) rejected: \(rejection)", sourceLocation: sourceLocation)
            }
        }
        return outputs
    }

    /// The outputs of an input that must be accepted, or nil (with an issue) when it is rejected.
    mutating func accept(_ input: Input, at now: Instant = t0, sourceLocation: SourceLocation = #_sourceLocation) -> [Output]? {
        switch handle(input, at: now) {
        case let .success(outputs): return outputs
        case let .failure(rejection):
            Issue.record("\(input) rejected: \(rejection)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// The rejection of an input that must be rejected, checking the state did not change.
    mutating func reject(_ input: Input, at now: Instant = t0, sourceLocation: SourceLocation = #_sourceLocation) -> Rejection? {
        let before = self
        switch handle(input, at: now) {
        case let .success(outputs):
            Issue.record("\(input) accepted with \(outputs), expected a rejection", sourceLocation: sourceLocation)
            return nil
        case let .failure(rejection):
            #expect(self == before, "a rejected input changed the state", sourceLocation: sourceLocation)
            return rejection
        }
    }
}

/// Visits the states reachable from `starts` with `inputs` (breadth first, up to
/// `depth` steps and `limit` states) and calls `check` for every state × input.
func sweep<M: LifecycleMachine>(
    from starts: [M], depth: Int, limit: Int = 4_000,
    inputs: (M) -> [(M.Input, Instant)],
    check: (_ before: M, _ input: M.Input, _ result: Result<[M.Output], Rejection>, _ after: M) -> Void
) -> Int {
    var seen = Set(starts)
    var frontier = starts
    for _ in 0..<depth where !frontier.isEmpty {
        var next: [M] = []
        for state in frontier {
            for (input, now) in inputs(state) {
                var after = state
                let result = after.handle(input, at: now)
                check(state, input, result, after)
                if case .failure = result, after != state {
                    Issue.record("rejected \(input) changed the state")
                }
                if seen.count < limit, seen.insert(after).inserted { next.append(after) }
            }
        }
        frontier = next
    }
    return seen.count
}

extension PowerController {
    /// Runs the operation in flight out of time: a tick at each deadline, and once the last attempt awaits the BMC's
    /// late answer (no deadline, PROTOCOL §4), that answer, failed with `reason`. Returns every output and the time
    /// it ended at (bounded: an operation that does not end within 10 steps is left as it is).
    @discardableResult
    mutating func runOutOfTime(from start: Instant, lateFailure reason: String) -> (outputs: [Output], now: Instant) {
        var outputs: [Output] = []
        var now = start
        for _ in 0..<10 {
            guard let operation else { break }
            let input: Input
            if let deadline = nextDeadline {
                now = deadline
                input = .tick
            } else {
                input = .bmcFailed(requestID: operation.bmcRequestID, sequence: operation.sequence, reason: reason)
            }
            outputs += accept(input, at: now) ?? []
        }
        return (outputs, now)
    }
}
