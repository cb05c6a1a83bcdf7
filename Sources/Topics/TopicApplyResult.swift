/// What applying the declarations to a cluster did.
public struct TopicApplyResult: Sendable, Hashable {
    /// The topics created.
    public var created: [String]
    /// The topics that existed with the declared settings.
    public var unchanged: [String]
    /// The topics that exist with other settings. When there are any, nothing
    /// was created: a conflicting cluster is likely the wrong one.
    public var conflicts: [TopicStatus]

    public init(created: [String] = [], unchanged: [String] = [], conflicts: [TopicStatus] = []) {
        self.created = created
        self.unchanged = unchanged
        self.conflicts = conflicts
    }

    /// Whether every declared topic now exists as declared.
    public var succeeded: Bool { conflicts.isEmpty }

    /// One line per topic, for people: `created x`, `unchanged y`, `conflict z: partitions: ...`.
    public var lines: [String] {
        created.map { "created \($0)" } + unchanged.map { "unchanged \($0)" }
            + conflicts.flatMap { status in status.lines.map { "conflict \(status.name): \($0)" } }
    }
}
