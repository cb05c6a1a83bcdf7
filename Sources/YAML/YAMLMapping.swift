/// A mapping node: its entries in source order (YAML mappings are unordered,
/// but keeping the order lets tools report the first problem a reader would see).
public struct YAMLMapping: Sendable, Hashable {
    /// One key and its value.
    public struct Entry: Sendable, Hashable {
        public var key: YAMLNode
        public var value: YAMLNode

        public init(key: YAMLNode, value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }

    /// The entries, in source order. Keys are unique.
    public var entries: [Entry]
    /// The explicit tag, if any.
    public var tag: String?
    /// Where the mapping starts in the source.
    public var mark: YAMLMark

    public init(_ entries: [Entry], tag: String? = nil, mark: YAMLMark = YAMLMark(line: 1, column: 1)) {
        self.entries = entries
        self.tag = tag
        self.mark = mark
    }

    /// The entry whose key is the scalar `key`, if there is one.
    public func entry(forKey key: String) -> Entry? {
        entries.first { $0.key.scalar?.value == key }
    }

    /// The value of the entry whose key is the scalar `key`, if there is one.
    public subscript(key: String) -> YAMLNode? {
        entry(forKey: key)?.value
    }
}
