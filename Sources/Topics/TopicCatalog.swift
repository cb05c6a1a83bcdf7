import YAML

/// The whole set of topic declarations, and every problem with it: files that
/// do not decode and rules the set breaks. Valid when there are no problems.
public struct TopicCatalog: Sendable {
    /// The declarations that decoded, sorted by file path.
    public let files: [TopicFile]
    /// Every problem found, each naming its file, line, column and key path.
    public let problems: [YAMLError]

    /// Validates `files` as a set; `loadProblems` are the problems of files
    /// that did not decode. Problems are sorted by file and position.
    public init(files: [TopicFile], loadProblems: [YAMLError] = []) {
        self.files = files.sorted { $0.path < $1.path }
        self.problems = (loadProblems + Self.validate(self.files)).sorted { a, b in
            (a.file ?? "", a.mark?.line ?? 0, a.mark?.column ?? 0) < (b.file ?? "", b.mark?.line ?? 0, b.mark?.column ?? 0)
        }
    }

    /// Whether the set has no problems.
    public var isValid: Bool { problems.isEmpty }

    /// The declared topics, in file order.
    public var specs: [TopicSpec] { files.map(\.spec) }

    /// The declared topics, or an error listing every problem.
    public func validSpecs() throws(TopicCatalogError) -> [TopicSpec] {
        guard isValid else { throw TopicCatalogError(problems: problems) }
        return specs
    }

    /// The declaration of the topic called `name`, if there is one.
    public func spec(named name: String) -> TopicSpec? {
        files.first { $0.spec.name == name }?.spec
    }
}
