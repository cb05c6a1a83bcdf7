/// What a topic is for, which decides the rules it must follow.
public enum TopicKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Events between the service and the world (inputs and outputs).
    case events
    /// A role's state changelog (`<role>.state`): compacted, restored on assignment.
    case changelog
    /// Where unreadable input goes, with the reason.
    case deadletter
}
