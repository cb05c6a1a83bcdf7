/// A test waited longer than its limit for `what`: a condition, or a child process to end.
public struct TimedOut: Error, CustomStringConvertible {
    /// What was waited for.
    public var what: String

    public init(_ what: String) { self.what = what }

    public var description: String { "timed out waiting for \(what)" }
}
