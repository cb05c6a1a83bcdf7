import Events

/// What one processed batch did, for metrics and logs: events consumed and
/// emitted by topic and type, dead letters and rejections with their server
/// and event, and how long it took.
public struct BatchReport: Sendable {
    /// Consumed messages by topic and type (``EventKind/invalid`` for dead-lettered input).
    public var consumed: [EventKind: Int] = [:]
    /// Produced events by topic and type (``EventKind/deadLetter`` on the dead-letter topic).
    public var emitted: [EventKind: Int] = [:]
    /// Input that went to the dead-letter topic.
    public var deadLetters: [RoleIncident<DeadLetter.Reason>] = []
    /// Valid input answered with a transition rejected event, by rejection code.
    public var rejections: [RoleIncident<String>] = []
    /// Messages in the batch.
    public var messages = 0
    /// From receiving the batch to committing its offsets.
    public var duration: Duration = .zero
    /// Messages the sequencer has read and not appended yet, after the batch.
    public var waiting = 0
    /// Source partitions whose fetching is paused after the batch: too many of their messages wait.
    public var pausedSources = 0
    /// Times in this batch the sequencer went on without a source that still had unread messages.
    public var idleExpirations = 0
    /// Source partitions whose offsets started again below where they had been read, found in
    /// this batch (`Sequencer.takeRestarts()`): a topic deleted and created again, or truncated.
    public var sourceRestarts = 0
    /// Whether the batch's commit was left to a later one (`KafkaError.defersCommit`, or unanswered).
    public var commitDeferred = false

    /// An empty report.
    public init() {}
}
