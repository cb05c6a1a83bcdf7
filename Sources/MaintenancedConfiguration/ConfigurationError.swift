/// A configuration that cannot be used: every problem found, each naming where it is.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, in the order of the file where that is known.
    public var problems: [ConfigurationProblem]

    /// An error of `problems` (at least one).
    public init(_ problems: [ConfigurationProblem]) {
        self.problems = problems
    }

    /// One problem per line.
    public var description: String {
        problems.map(\.description).joined(separator: "\n")
    }
}
