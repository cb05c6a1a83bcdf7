extension JSONValue {
    /// The value with every object's members sorted by key, at every depth: two
    /// documents that differ only in member order (Foundation's `JSONEncoder` writes
    /// them in hash order) are equal in this form.
    public var sortingMembers: JSONValue {
        switch self {
        case .object(let object):
            return .object(JSONObject(object.members.sorted { $0.key < $1.key }.map { ($0.key, $0.value.sortingMembers) }))
        case .array(let elements):
            return .array(elements.map(\.sortingMembers))
        default:
            return self
        }
    }
}
