/// Where an instance keeps local state between runs.
public struct StateSettings: Sendable, Hashable, Decodable {
    /// The state directory: a graceful stop leaves a snapshot of each changelog partition
    /// held there, and the next start restores from it instead of reading the whole
    /// changelog. nil: no snapshots, every start reads the changelogs.
    public var directory: String?
    /// How often a running instance also leaves snapshots there (of the partitions that
    /// changed since its last ones), so that a start after a crash restores from them too;
    /// nil: only at a graceful stop.
    public var snapshotInterval: ConfigDuration?

    /// The default interval between a running instance's snapshots.
    public static let defaultSnapshotInterval = ConfigDuration.minutes(5)

    /// Settings with the state directory `directory`, or none, and snapshots every `snapshotInterval`.
    public init(directory: String? = nil, snapshotInterval: ConfigDuration? = StateSettings.defaultSnapshotInterval) {
        self.directory = directory
        self.snapshotInterval = snapshotInterval
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case directory, snapshotInterval }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        directory = try container.decodeIfPresent(String.self, forKey: .directory)
        snapshotInterval = container.contains(.snapshotInterval)
            ? try container.decodeIfPresent(ConfigDuration.self, forKey: .snapshotInterval) : Self.defaultSnapshotInterval
    }
}
