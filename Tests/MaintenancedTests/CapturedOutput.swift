import Synchronization

/// What a child process wrote, shared with the pipes' reading handlers.
final class CapturedOutput: Sendable {
    let state = Mutex<(stdout: String, stderr: String)>(("", ""))
}
