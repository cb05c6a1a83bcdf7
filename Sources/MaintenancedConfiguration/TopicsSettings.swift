/// Where the topic declarations (`topics/*.yaml`) are read from.
public struct TopicsSettings: Sendable, Hashable, Decodable {
    /// The directory of topic declarations; nil for those built into the binary.
    public var directory: String?

    /// Settings reading declarations from `directory`, or the built-in ones when it is nil.
    public init(directory: String? = nil) {
        self.directory = directory
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case directory }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        directory = try container.decodeIfPresent(String.self, forKey: .directory)
    }
}
