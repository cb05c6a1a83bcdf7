/// How far one role of the process is on its way to serving: it is ready when
/// it has joined its consumer group and restored the state of the partitions
/// it was assigned.
public struct RoleReadiness: Sendable, Hashable {
    /// The consumer has joined its group and holds an assignment.
    public var joinedGroup: Bool
    /// The state of every assigned partition is restored from its changelog.
    public var partitionsRestored: Bool

    /// A readiness; by default not yet joined and not restored.
    public init(joinedGroup: Bool = false, partitionsRestored: Bool = false) {
        self.joinedGroup = joinedGroup
        self.partitionsRestored = partitionsRestored
    }

    /// Whether the role serves.
    public var isReady: Bool { joinedGroup && partitionsRestored }
}
