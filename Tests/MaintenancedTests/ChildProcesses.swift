import MaintenancedTesting
import Testing

/// Runs `body` with a list to put the child processes it starts in. When `body` throws, each
/// child's standard error (a crash's message and frames first: `standardErrorForReport`) is
/// recorded before the error goes on; at the end the children still running are killed, or
/// sent SIGTERM when `terminating` (to leave their state directories as a stop does).
func withChildProcesses<Result: Sendable>(
    terminating: Bool = false, _ body: (Shared<[ChildProcess]>) async throws -> Result
) async throws -> Result {
    let children = Shared<[ChildProcess]>([])
    defer {
        for child in children.value where child.isRunning {
            if terminating { child.terminate() } else { child.kill() }
        }
    }
    do {
        return try await body(children)
    } catch {
        for child in children.value { Issue.record("\(child.name) standard error:\n\(child.standardErrorForReport())") }
        throw error
    }
}
