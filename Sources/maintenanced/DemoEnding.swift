/// Why the demo ended.
enum DemoEnding: Sendable {
    /// Every server did its plan.
    case settled
    /// Ctrl-C or SIGTERM.
    case interrupted
    /// --duration passed.
    case timedOut
    /// The simulator stopped for another reason.
    case stopped
}
