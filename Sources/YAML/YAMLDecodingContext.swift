/// What all decoders of one `decode` call share: the source for messages, and
/// a record of which keys of which mappings were read, for strict decoding.
final class YAMLDecodingContext {
    let file: String?
    let root: YAMLNode
    let userInfo: [CodingUserInfoKey: Any]
    /// The paths of mappings opened as keyed containers.
    private(set) var openedMappings: Set<YAMLPath> = []
    /// For each mapping, the keys a type asked for and found.
    private(set) var readKeys: [YAMLPath: Set<String>] = [:]
    /// For each mapping, the keys a type asked for and did not find: the
    /// suggestions for an unknown key.
    private(set) var absentKeys: [YAMLPath: Set<String>] = [:]

    init(file: String?, root: YAMLNode, userInfo: [CodingUserInfoKey: Any]) {
        self.file = file
        self.root = root
        self.userInfo = userInfo
    }

    func opened(mappingAt path: YAMLPath) {
        openedMappings.insert(path)
    }

    func asked(for key: String, in path: YAMLPath, found: Bool) {
        if found {
            readKeys[path, default: []].insert(key)
        } else {
            absentKeys[path, default: []].insert(key)
        }
    }

    /// An error at `mark` and `path` in this context's file.
    func error(_ kind: YAMLError.Kind, at mark: YAMLMark?, path: YAMLPath) -> YAMLError {
        YAMLError(kind, file: file, mark: mark, path: path)
    }

    /// A `DecodingError` a type threw, as a `YAMLError` at the node it names.
    /// When the type is an enumeration of known raw values, says which.
    func error(from error: DecodingError, decoding type: Any.Type) -> YAMLError {
        switch error {
        case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = YAMLPath(codingPath: context.codingPath)
            let (node, reached) = root.deepestNode(along: path)
            if reached == path, let allowed = (type as? any CaseIterable.Type)?.rawValueDescriptions {
                return self.error(
                    .typeMismatch(expected: "one of \(allowed.joined(separator: ", "))", found: node.foundDescription),
                    at: node.mark, path: path)
            }
            return self.error(.invalidValue(context.debugDescription), at: node.mark, path: path)
        case .keyNotFound(let key, let context):
            let path = YAMLPath(codingPath: context.codingPath)
            let (node, _) = root.deepestNode(along: path)
            return self.error(.missingKey(key.stringValue), at: node.mark, path: path)
        @unknown default:
            return self.error(.invalidValue("\(error)"), at: root.mark, path: YAMLPath())
        }
    }
}

extension CaseIterable {
    /// The raw values of all cases, when the type has raw values.
    static var rawValueDescriptions: [String]? {
        let values = allCases.compactMap { ($0 as? any RawRepresentable).map { "\($0.rawValue)" } }
        return values.isEmpty ? nil : values
    }
}
