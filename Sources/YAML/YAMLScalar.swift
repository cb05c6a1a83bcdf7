/// A scalar node: its text exactly as written (after YAML's unescaping and
/// folding), how it was written, and its tag if one was given.
///
/// The style matters for typing: a quoted scalar is always a string, while a
/// plain one is resolved by the core schema (`true`, `12`, `0x1F`, `~`, ...).
public struct YAMLScalar: Sendable, Hashable {
    /// How a scalar was written in the source.
    public enum Style: Sendable, Hashable {
        case plain
        case singleQuoted
        case doubleQuoted
        case literal
        case folded

        /// Whether the scalar was written in a way that makes it a string
        /// regardless of its text (quoted or block scalars).
        public var isQuotedOrBlock: Bool { self != .plain }
    }

    /// The scalar's value as text.
    public var value: String
    /// How it was written.
    public var style: Style
    /// The explicit tag, fully expanded (`tag:yaml.org,2002:str` for `!!str`), if any.
    public var tag: String?
    /// Where the scalar starts in the source.
    public var mark: YAMLMark

    public init(_ value: String, style: Style = .plain, tag: String? = nil, mark: YAMLMark = YAMLMark(line: 1, column: 1)) {
        self.value = value
        self.style = style
        self.tag = tag
        self.mark = mark
    }
}
