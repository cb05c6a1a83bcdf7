/// A sequence node: its elements in order.
public struct YAMLSequence: Sendable, Hashable {
    /// The elements, in source order.
    public var elements: [YAMLNode]
    /// The explicit tag, if any.
    public var tag: String?
    /// Where the sequence starts in the source.
    public var mark: YAMLMark

    public init(_ elements: [YAMLNode], tag: String? = nil, mark: YAMLMark = YAMLMark(line: 1, column: 1)) {
        self.elements = elements
        self.tag = tag
        self.mark = mark
    }
}
