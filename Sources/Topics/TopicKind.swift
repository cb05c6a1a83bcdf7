/// What a topic is for, which decides the rules it must follow.
public enum TopicKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Events between the service and the world (inputs and outputs).
    case events
    /// A role's state changelog (`<role>.state`): compacted, restored on assignment.
    case changelog
    /// Where unreadable input goes, with the reason.
    case deadletter
    /// A role's input log (`<role>.input`): copies of its inputs from every topic, and its
    /// ticks, in the one order the role folds them. Internal to the role.
    case input
}
