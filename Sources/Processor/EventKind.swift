/// A topic and a CloudEvents type: the labels events are counted by.
public struct EventKind: Sendable, Hashable {
    /// The label of input that could not be read (it went to the dead-letter topic).
    public static let invalid = "invalid"
    /// The label of a dead letter written to the dead-letter topic.
    public static let deadLetter = "dead-letter"

    /// The topic.
    public var topic: String
    /// The CloudEvents type, or ``invalid`` / ``deadLetter``.
    public var type: String

    /// The kind of an event of `type` on `topic`.
    public init(topic: String, type: String) {
        self.topic = topic
        self.type = type
    }
}
