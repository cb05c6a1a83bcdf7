extension YAMLNode {
    /// How the node reads in a message after "found": `"twelve"`, `12`, `null`,
    /// `a sequence`, `a mapping`.
    var foundDescription: String {
        switch self {
        case .scalar(let scalar): scalar.foundDescription
        case .sequence: "a sequence"
        case .mapping: "a mapping"
        }
    }
}
