/// Where an instance keeps local state between runs.
public struct StateSettings: Sendable, Hashable, Decodable {
    /// The state directory: a graceful stop leaves a snapshot of each changelog partition
    /// held there, and the next start restores from it instead of reading the whole
    /// changelog. nil: no snapshots, every start reads the changelogs.
    public var directory: String?

    /// Settings with the state directory `directory`, or none.
    public init(directory: String? = nil) {
        self.directory = directory
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case directory }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        directory = try container.decodeIfPresent(String.self, forKey: .directory)
    }
}
