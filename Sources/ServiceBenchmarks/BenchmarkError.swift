/// A benchmark run that is not valid (a count that does not match, data the broker dropped, a timeout).
public struct BenchmarkError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
