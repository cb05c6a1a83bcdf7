extension YAMLDecodingContext {
    /// The first key, in document order, of a mapping that was decoded as a
    /// keyed container but that the type never asked for.
    func firstUnknownKey() -> YAMLError? {
        firstUnknownKey(in: root, at: YAMLPath())
    }

    /// For a missing-key error, the unknown-key error of a key of the same
    /// mapping that is likely a misspelling of the missing one, if there is one.
    func misspelling(of error: YAMLError) -> YAMLError? {
        guard case .missingKey(let missing) = error.kind, let mapping = root.node(at: error.path)?.mapping else {
            return nil
        }
        let read = readKeys[error.path] ?? []
        for entry in mapping.entries {
            guard let key = entry.key.scalar?.value, !read.contains(key),
                  Self.closest(to: key, among: [missing]) != nil else { continue }
            return self.error(.unknownKey(key, suggestion: missing), at: entry.key.mark, path: error.path.appending(.key(key)))
        }
        return nil
    }

    private func firstUnknownKey(in node: YAMLNode, at path: YAMLPath) -> YAMLError? {
        switch node {
        case .scalar:
            return nil
        case .sequence(let sequence):
            for (index, element) in sequence.elements.enumerated() {
                if let error = firstUnknownKey(in: element, at: path.appending(.index(index))) { return error }
            }
            return nil
        case .mapping(let mapping):
            let checked = openedMappings.contains(path)
            let read = readKeys[path] ?? []
            for entry in mapping.entries {
                guard let key = entry.key.scalar?.value else { continue }
                if checked, !read.contains(key) {
                    let suggestion = Self.closest(to: key, among: absentKeys[path] ?? [])
                    return error(.unknownKey(key, suggestion: suggestion), at: entry.key.mark, path: path.appending(.key(key)))
                }
                if let error = firstUnknownKey(in: entry.value, at: path.appending(.key(key))) { return error }
            }
            return nil
        }
    }

    /// The candidate closest to `key` by edit distance, if it is close enough
    /// to be a likely misspelling.
    static func closest(to key: String, among candidates: Set<String>) -> String? {
        let scored = candidates.map { ($0, editDistance(Array(key.lowercased()), Array($0.lowercased()))) }
        guard let best = scored.min(by: { ($0.1, $0.0) < ($1.1, $1.0) }) else { return nil }
        return best.1 <= max(2, key.count / 3) ? best.0 : nil
    }

    /// Levenshtein distance between two strings of characters.
    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
