import Contracts
import Events

/// What one processed batch did, for metrics and logs: events consumed and
/// emitted by topic and type, dead letters and rejections with their server
/// and event, the changelog records written, and how long it took.
public struct BatchReport: Sendable {
    /// Consumed messages by topic and type (``EventKind/invalid`` for dead-lettered input).
    public var consumed: [EventKind: Int] = [:]
    /// Produced events by topic and type (``EventKind/deadLetter`` on the dead-letter topic).
    public var emitted: [EventKind: Int] = [:]
    /// Input that went to the dead-letter topic.
    public var deadLetters: [RoleIncident] = []
    /// Valid input answered with a transition rejected event.
    public var rejections: [RoleIncident] = []
    /// The changelog records written: changed states and checkpoints.
    public var changelog: [OutgoingRecord] = []
    /// Messages in the batch.
    public var messages = 0
    /// From receiving the batch to committing its offsets.
    public var duration: Duration = .zero
    /// Messages the sequencer has read and not appended yet, after the batch.
    public var waiting = 0
    /// Times in this batch the sequencer went on without a source that still had unread messages.
    public var idleExpirations = 0

    /// An empty report.
    public init() {}

    /// The report of a batch of `inputs` (topic, partition, offset and message of each)
    /// that gave `outputs` and `changelog` in `duration`.
    public init(
        inputs: [(topic: String, partition: Int32, offset: Int64, message: EventMessage)],
        outputs: [OutgoingRecord], changelog: [OutgoingRecord], duration: Duration
    ) {
        var deadLettered: Set<String> = []
        for output in outputs {
            let message = output.message
            if output.topic == TopicName.deadLetter {
                emitted[EventKind(topic: output.topic, type: EventKind.deadLetter), default: 0] += 1
                let origin = [DeadLetter.Header.topic, DeadLetter.Header.partition, DeadLetter.Header.offset].map { message.header($0) ?? "" }
                deadLettered.insert(origin.joined(separator: "/"))
                deadLetters.append(
                    RoleIncident(
                        reason: message.header(DeadLetter.Header.reason) ?? "unknown", server: message.key.map { String(decoding: $0, as: UTF8.self) },
                        event: message.header("ce_id"), detail: message.header(DeadLetter.Header.error) ?? ""))
                continue
            }
            let type = message.header("ce_type") ?? "unknown"
            emitted[EventKind(topic: output.topic, type: type), default: 0] += 1
            if type == EventName.transitionRejected, let data = try? JSONParser().parse(message.value) {
                rejections.append(
                    RoleIncident(
                        reason: data["code"]?.stringValue ?? "unknown", server: message.key.map { String(decoding: $0, as: UTF8.self) },
                        event: data["eventId"]?.stringValue, detail: data["reason"]?.stringValue ?? ""))
            }
        }
        for input in inputs {
            let type: String
            if deadLettered.contains("\(input.topic)/\(input.partition)/\(input.offset)") {
                type = EventKind.invalid
            } else {
                type = input.message.header("ce_type") ?? (try? CloudEventCodec().decode(input.message).type) ?? EventKind.invalid
            }
            consumed[EventKind(topic: input.topic, type: type), default: 0] += 1
        }
        self.changelog = changelog
        self.messages = inputs.count
        self.duration = duration
    }
}
