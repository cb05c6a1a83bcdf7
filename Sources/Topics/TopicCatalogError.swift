import YAML

/// A topic set that cannot be used, with every problem found in it.
public struct TopicCatalogError: Error, Sendable, CustomStringConvertible {
    /// The problems, each naming its file, line, column and key path.
    public var problems: [YAMLError]

    public init(problems: [YAMLError]) {
        self.problems = problems
    }

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "invalid topic declarations (\(count)):\n" + problems.map { "  \($0)" }.joined(separator: "\n")
    }
}
