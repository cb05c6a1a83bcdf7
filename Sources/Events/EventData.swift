/// An event's data as `EventSchema.read` found it: the value of each scalar member the
/// schema names, by its path (`requestId`, `from.status`), checked against the schema and
/// read from the bytes without a JSON tree.
///
/// Members inside arrays and objects of strings are checked, not kept: no role reads them.
public struct EventData: Sendable, Hashable {
    /// A scalar member's value: strings for `string`, `oneOf` and `timestamp` members.
    public enum Value: Sendable, Hashable {
        case string(String)
        case int(Int64)
        case bool(Bool)
    }

    /// The path of each kept member, shared by every event of one schema.
    public let paths: [String]
    /// The value of each path; nil for an optional member that is absent.
    public internal(set) var values: [Value?]

    init(paths: [String], values: [Value?]) {
        self.paths = paths
        self.values = values
    }

    /// The value at `path`, nil when the member is absent or not a scalar the schema names.
    public subscript(path: String) -> Value? {
        guard let index = paths.firstIndex(of: path) else { return nil }
        return values[index]
    }

    /// The string member at `path`.
    public func string(_ path: String) -> String? {
        if case .string(let text) = self[path] { return text }
        return nil
    }

    /// The integer member at `path`.
    public func int(_ path: String) -> Int64? {
        if case .int(let number) = self[path] { return number }
        return nil
    }

    /// The boolean member at `path`.
    public func bool(_ path: String) -> Bool? {
        if case .bool(let flag) = self[path] { return flag }
        return nil
    }

    /// The members present, in the schema's order.
    public var members: [(path: String, value: Value)] {
        zip(paths, values).compactMap { path, value in value.map { (path, $0) } }
    }
}
