/// Where the topic declarations (`topics/*.yaml`) are read from.
public struct TopicsSettings: Sendable, Hashable, Decodable {
    /// The directory of topic declarations.
    public var directory: String

    /// Settings reading declarations from `directory`.
    public init(directory: String = "topics") {
        self.directory = directory
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case directory }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        directory = try container.decode(forKey: .directory, default: TopicsSettings().directory)
    }
}
