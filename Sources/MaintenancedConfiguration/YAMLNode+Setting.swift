import YAML

extension YAMLNode {
    /// This node with `value` at `path`, creating mappings on the way; a
    /// non-mapping in the way is replaced. Used to lay environment overrides
    /// over the file before decoding, so that both go through the same strict decoder.
    func setting(_ value: YAMLNode, at path: ArraySlice<YAMLPath.Component>) -> YAMLNode {
        guard let first = path.first, case .key(let key) = first else { return value }
        var mapping = self.mapping ?? YAMLMapping([], mark: mark)
        let rest = path.dropFirst()
        if let index = mapping.entries.firstIndex(where: { $0.key.scalar?.value == key }) {
            mapping.entries[index].value = mapping.entries[index].value.setting(value, at: rest)
        } else {
            let empty = YAMLNode.mapping(YAMLMapping([], mark: mark))
            mapping.entries.append(
                YAMLMapping.Entry(key: .scalar(YAMLScalar(key, mark: mark)), value: empty.setting(value, at: rest))
            )
        }
        return .mapping(mapping)
    }
}
