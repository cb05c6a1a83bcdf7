/// A node of a parsed YAML document: a scalar, a sequence or a mapping, each
/// with the place in the source it came from. Aliases are already resolved, so
/// an aliased node appears again wherever it is referred to.
public enum YAMLNode: Sendable, Hashable {
    case scalar(YAMLScalar)
    case sequence(YAMLSequence)
    case mapping(YAMLMapping)

    /// Where the node starts in the source.
    public var mark: YAMLMark {
        switch self {
        case .scalar(let scalar): scalar.mark
        case .sequence(let sequence): sequence.mark
        case .mapping(let mapping): mapping.mark
        }
    }

    /// The node's explicit tag, if any.
    public var tag: String? {
        switch self {
        case .scalar(let scalar): scalar.tag
        case .sequence(let sequence): sequence.tag
        case .mapping(let mapping): mapping.tag
        }
    }

    /// The scalar, if this node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = self { scalar } else { nil }
    }

    /// The sequence, if this node is one.
    public var sequence: YAMLSequence? {
        if case .sequence(let sequence) = self { sequence } else { nil }
    }

    /// The mapping, if this node is one.
    public var mapping: YAMLMapping? {
        if case .mapping(let mapping) = self { mapping } else { nil }
    }

    /// Whether this node is a null scalar (`~`, `null`, or nothing at all).
    public var isNull: Bool {
        scalar?.isNull ?? false
    }
}
