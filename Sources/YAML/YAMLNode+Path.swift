extension YAMLNode {
    /// The node at `path` below this one, or `nil` if a step is missing.
    ///
    /// Used to point at the source of a value after it has been decoded, for
    /// example when validating a whole set of files.
    public func node(at path: YAMLPath) -> YAMLNode? {
        var node = self
        for component in path.components {
            guard let next = node.child(component) else { return nil }
            node = next
        }
        return node
    }

    /// The deepest node along `path` that exists, and the path that leads to it.
    ///
    /// Errors about a missing key point at the mapping that lacks it.
    public func deepestNode(along path: YAMLPath) -> (node: YAMLNode, path: YAMLPath) {
        var node = self
        var reached = YAMLPath()
        for component in path.components {
            guard let next = node.child(component) else { break }
            node = next
            reached = reached.appending(component)
        }
        return (node, reached)
    }

    /// The mark of the key at the end of `path` if that key is in a mapping,
    /// otherwise the mark of the node at `path`. Useful for messages about a key
    /// itself (unknown, duplicate, misplaced).
    public func keyMark(at path: YAMLPath) -> YAMLMark? {
        guard case .key(let key)? = path.components.last else { return node(at: path)?.mark }
        return node(at: path.parent)?.mapping?.entry(forKey: key)?.key.mark
    }

    private func child(_ component: YAMLPath.Component) -> YAMLNode? {
        switch (self, component) {
        case (.mapping(let mapping), .key(let key)):
            mapping[key]
        case (.sequence(let sequence), .index(let index)):
            sequence.elements.indices.contains(index) ? sequence.elements[index] : nil
        default:
            nil
        }
    }
}
