/// Events counted by ``EventKind`` over one batch, without hashing each one.
///
/// A role takes and emits a handful of kinds, whose strings are mostly the catalogue's own
/// constants (equal by storage, compared without reading them): a linear search over them
/// costs less than hashing a topic and a type for every event, which a dictionary did.
struct EventTally: Sendable {
    private var counts: [(kind: EventKind, count: Int)] = []

    /// Counts one event of `type` on `topic`.
    mutating func add(topic: String, type: String) {
        for index in counts.indices where counts[index].kind.type == type && counts[index].kind.topic == topic {
            counts[index].count += 1
            return
        }
        counts.append((EventKind(topic: topic, type: type), 1))
    }

    /// The counts so far, by kind; the tally starts again empty.
    mutating func take() -> [EventKind: Int] {
        defer { counts = [] }
        return Dictionary(counts.map { ($0.kind, $0.count) }, uniquingKeysWith: +)
    }
}
