/// A benchmark run that is not valid (a count that does not match, data the broker dropped, a
/// timeout), or one that cannot start because something it needs is not there.
public struct BenchmarkError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    /// Whether an executable, script or module the run needs is missing (exit 69, not 1).
    public var unavailable = false

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }

    /// A missing executable, script or module, saying `description` (what to build or install).
    public static func unavailable(_ description: String) -> BenchmarkError {
        var error = BenchmarkError(description)
        error.unavailable = true
        return error
    }
}
