/// The coding key of a step in a YAML document: a mapping key or a sequence
/// index, kept apart so paths print as `servers[2].name`.
struct YAMLCodingKey: CodingKey, Hashable {
    let component: YAMLPath.Component

    init(_ component: YAMLPath.Component) {
        self.component = component
    }

    init(stringValue: String) {
        self.component = .key(stringValue)
    }

    init(intValue: Int) {
        self.component = .index(intValue)
    }

    var stringValue: String {
        switch component {
        case .key(let key): key
        case .index(let index): "Index \(index)"
        }
    }

    var intValue: Int? {
        switch component {
        case .key(let key): Int(key)
        case .index(let index): index
        }
    }
}

extension YAMLPath {
    /// The path of a Swift coding path: our own keys keep their kind, other
    /// keys (a type's `CodingKeys`) are mapping keys.
    init(codingPath: [any CodingKey]) {
        self.init(codingPath.map { key in
            (key as? YAMLCodingKey)?.component ?? .key(key.stringValue)
        })
    }

    /// The path as a Swift coding path.
    var codingPath: [any CodingKey] {
        components.map(YAMLCodingKey.init)
    }
}
