import JSON

/// Where a node sits in a document, as the keys and indices leading to it from
/// the root. Printed as `spec.partitions`, `producers[2]` or `configs["retention.ms"]`,
/// the form used in every error message.
public struct YAMLPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// One step: a mapping key or a sequence index.
    public enum Component: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
        case key(String)
        case index(Int)

        public init(stringLiteral value: String) { self = .key(value) }
        public init(integerLiteral value: Int) { self = .index(value) }
    }

    /// The steps from the root, outermost first.
    public var components: [Component]

    public init(_ components: [Component] = []) {
        self.components = components
    }

    public init(arrayLiteral elements: Component...) {
        self.components = elements
    }

    /// Whether this is the path of the root node.
    public var isRoot: Bool { components.isEmpty }

    /// This path with one more step.
    public func appending(_ component: Component) -> YAMLPath {
        YAMLPath(components + [component])
    }

    /// The path with its last step removed (the root stays the root).
    public var parent: YAMLPath {
        YAMLPath(Array(components.dropLast()))
    }

    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .index(let index):
                text += "[\(index)]"
            case .key(let key) where Self.isSimple(key):
                text += text.isEmpty ? key : "." + key
            case .key(let key):
                text += "[" + JSONString.quoted(key) + "]"
            }
        }
        return text
    }

    private static func isSimple(_ key: String) -> Bool {
        !key.isEmpty && key.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", "-": true
            default: false
            }
        }
    }
}
