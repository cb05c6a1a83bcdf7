import Contracts
import Events

/// A record of the role log as the runner folds it (`FoldCursor`'s payload): read back from
/// the log, or one of the instance's own appends, folded as it was appended without reading
/// its bytes again.
enum LogRecord: Sendable {
    /// Read back: what it holds is read when it is folded (`RoleLog.contents`).
    case read(EventMessage)
    /// An own append.
    case appended(RoleLog.Contents)
}
