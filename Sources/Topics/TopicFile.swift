import YAML

/// A topic declaration together with where it came from, so that problems
/// found after decoding can point at the line that causes them.
public struct TopicFile: Sendable, Hashable {
    /// The file's path as given (for example `topics/power.events.yaml`).
    public var path: String
    /// The parsed document.
    public var node: YAMLNode
    /// The decoded declaration.
    public var spec: TopicSpec

    public init(path: String, node: YAMLNode, spec: TopicSpec) {
        self.path = path
        self.node = node
        self.spec = spec
    }

    /// Parses and strictly decodes one declaration: unknown keys are errors.
    public init(path: String, text: String) throws(YAMLError) {
        let node = try YAMLParser().parse(text, file: path)
        let spec = try YAMLDecoder(rejectUnknownKeys: true).decode(TopicSpec.self, from: node, file: path)
        self.init(path: path, node: node, spec: spec)
    }

    /// A problem with the value at `path` in this file, pointing at it (or at
    /// the nearest enclosing node that exists).
    public func problem(_ message: String, at path: YAMLPath) -> YAMLError {
        let mark = node.node(at: path)?.mark ?? node.deepestNode(along: path).node.mark
        return YAMLError(.invalidValue(message), file: self.path, mark: mark, path: path)
    }

    /// Where the value at `path` is, for messages that refer to another file.
    public func location(of path: YAMLPath) -> String {
        let mark = node.node(at: path)?.mark ?? node.mark
        return "\(self.path):\(mark)"
    }
}
