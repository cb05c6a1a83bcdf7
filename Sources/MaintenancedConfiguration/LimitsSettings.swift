/// Limits on what the service accepts.
public struct LimitsSettings: Sendable, Hashable, Decodable {
    /// Events whose value is larger than this go to the dead-letter topic (the headers are not counted).
    public var maxEventBytes: Int

    /// Limits; by default 1 MiB per event, Kafka's default message size.
    public init(maxEventBytes: Int = 1_048_576) {
        self.maxEventBytes = maxEventBytes
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case maxEventBytes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        maxEventBytes = try container.decode(forKey: .maxEventBytes, default: LimitsSettings().maxEventBytes)
    }
}
