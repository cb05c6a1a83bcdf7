import JSON

/// A configuration as ordered keys and rendered scalars, for printing the
/// effective configuration as YAML and for listing every settable key.
public indirect enum ConfigurationTree: Sendable, Hashable {
    /// A scalar, already in YAML form (`8080`, `true`, `"localhost:9092"`).
    case scalar(String)
    /// An absent optional value.
    case null
    /// Keys and values in a fixed order.
    case mapping([(key: String, value: ConfigurationTree)])

    public static func == (lhs: ConfigurationTree, rhs: ConfigurationTree) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let a), .scalar(let b)): a == b
        case (.null, .null): true
        case (.mapping(let a), .mapping(let b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .scalar(let text): hasher.combine(text)
        case .null: hasher.combine(0)
        case .mapping(let entries):
            for entry in entries {
                hasher.combine(entry.key)
                hasher.combine(entry.value)
            }
        }
    }

    /// A double-quoted YAML string (JSON's quoting, which YAML reads the same).
    public static func string(_ text: String) -> ConfigurationTree {
        .scalar(JSONString.quoted(text))
    }

    /// The tree as block YAML; `comments` maps a dotted key path to a comment
    /// written after its value (for example which environment variable set it).
    public func yaml(comments: [String: String] = [:]) -> String {
        var lines: [String] = []
        render(into: &lines, indent: "", path: [], comments: comments)
        return lines.joined(separator: "\n") + "\n"
    }

    private func render(into lines: inout [String], indent: String, path: [String], comments: [String: String]) {
        guard case .mapping(let entries) = self else { return }
        for (key, value) in entries {
            let keyPath = path + [key]
            let keyText = ConfigurationTree.isPlainKey(key) ? key : ConfigurationTree.quotedKey(key)
            let comment = comments[keyPath.joined(separator: ".")].map { "  # \($0)" } ?? ""
            switch value {
            case .scalar(let text):
                lines.append("\(indent)\(keyText): \(text)\(comment)")
            case .null:
                lines.append("\(indent)\(keyText): null\(comment)")
            case .mapping(let children) where children.isEmpty:
                lines.append("\(indent)\(keyText): {}\(comment)")
            case .mapping:
                lines.append("\(indent)\(keyText):\(comment)")
                value.render(into: &lines, indent: indent + "  ", path: keyPath, comments: comments)
            }
        }
    }

    /// The dotted paths of every scalar or null leaf, in order.
    public var leafPaths: [[String]] {
        guard case .mapping(let entries) = self else { return [] }
        return entries.flatMap { key, value -> [[String]] in
            if case .mapping = value { return value.leafPaths.map { [key] + $0 } }
            return [[key]]
        }
    }

    private static func isPlainKey(_ key: String) -> Bool {
        !key.isEmpty && key.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".": true
            default: false
            }
        }
    }

    private static func quotedKey(_ key: String) -> String {
        guard case .scalar(let text) = string(key) else { return key }
        return text
    }
}
