/// Polls `condition` every `interval` until it holds, throwing `TimedOut(what)` after `timeout`.
/// An error thrown by `condition` counts as "not yet" (a server that does not answer yet); the
/// last one is named in the timeout's message.
public func waitUntil(
    _ what: String = "a condition", timeout: Duration = .seconds(60), interval: Duration = .milliseconds(50),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    var lastError: (any Error)?
    while true {
        do {
            if try await condition() { return }
        } catch {
            lastError = error
        }
        guard ContinuousClock.now < deadline else { throw TimedOut(lastError.map { "\(what) (last error: \($0))" } ?? what) }
        try await Task.sleep(for: interval)
    }
}
