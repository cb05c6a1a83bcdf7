/// Decodes `Decodable` values from YAML.
///
/// Plain scalars are typed by the core schema (`true`, `~`, `12`, `0x1F`,
/// `1.5e3`); quoted and block scalars are always strings. With
/// ``rejectUnknownKeys`` a key that the decoded type never asks for is an
/// error, so that a misspelt setting is caught rather than silently ignored.
/// Every failure is a ``YAMLError`` naming the file, line, column and key path.
public struct YAMLDecoder: Sendable {
    /// The parser's limits, used when decoding from text.
    public var limits: YAMLLimits
    /// Whether a key that no decoded type reads is an error.
    public var rejectUnknownKeys: Bool
    /// Passed to the decoded types as the decoder's `userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable]

    public init(
        limits: YAMLLimits = YAMLLimits(),
        rejectUnknownKeys: Bool = false,
        userInfo: [CodingUserInfoKey: any Sendable] = [:]
    ) {
        self.limits = limits
        self.rejectUnknownKeys = rejectUnknownKeys
        self.userInfo = userInfo
    }

    /// Parses `text` (one document) and decodes a `T` from it. `file` names the
    /// source in errors; `rejectUnknownKeys` overrides the decoder's setting.
    public func decode<T: Decodable>(
        _ type: T.Type = T.self,
        from text: String,
        file: String? = nil,
        rejectUnknownKeys: Bool? = nil
    ) throws(YAMLError) -> T {
        let node = try YAMLParser(limits: limits).parse(text, file: file)
        return try decode(type, from: node, file: file, rejectUnknownKeys: rejectUnknownKeys)
    }

    /// Decodes a `T` from a parsed node (for example to keep the node for
    /// pointing at values later).
    public func decode<T: Decodable>(
        _ type: T.Type = T.self,
        from node: YAMLNode,
        file: String? = nil,
        rejectUnknownKeys: Bool? = nil
    ) throws(YAMLError) -> T {
        let strict = rejectUnknownKeys ?? self.rejectUnknownKeys
        let context = YAMLDecodingContext(file: file, root: node, userInfo: userInfo.mapValues { $0 as Any })
        let value: T
        do {
            value = try YAMLNodeDecoder(node: node, path: YAMLPath(), context: context).decodeValue(type)
        } catch {
            // A required key is missing; in strict mode, a misspelling of it is the better report.
            throw strict ? context.misspelling(of: error) ?? error : error
        }
        if strict, let error = context.firstUnknownKey() {
            throw error
        }
        return value
    }
}
