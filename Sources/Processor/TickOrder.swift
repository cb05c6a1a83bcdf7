import Events

/// Puts the clock ticks of one partition in the same place among its other inputs in
/// every run, so a replay decides each timeout exactly as the first run did.
///
/// A consumer interleaves the partitions of its topics in whatever order it fetches
/// them. Without an order, a new owner that reads a run of recorded ticks ahead of the
/// reports written before them fires timeouts the first owner never fired. So a tick
/// records, when it is written, the positions of the partition's other inputs (the
/// first offset not yet applied, per topic); it is applied once exactly the messages
/// before those positions are, and a message at or past them waits for it. The writer
/// holds its own inputs to the same rule from the moment it writes the tick, so the
/// first run and every replay apply the tick after the same messages.
///
/// A new owner also holds the partition's inputs until it has read what each input
/// topic held when it was assigned (the backlog: ticks an earlier owner wrote that may
/// have to go first, and events whose order matters), then applies the held messages
/// oldest first by their Kafka timestamps: a report is applied after the command it
/// answers, as in the first run, whichever topic the consumer happened to fetch first.
///
/// Pure: the engine gives it messages and asks for the next one to apply.
struct TickOrder: Sendable {
    /// A consumed message not applied yet.
    struct Input: Sendable {
        var topic: String
        var offset: Int64
        var timestamp: Int64
        var message: EventMessage
        /// For a tick of the role that records where it goes: the positions it comes before.
        var positions: [String: Int64]?
        /// The order in which the consumer gave the messages.
        var arrival = 0
    }

    /// The ticks topic.
    let ticks: String
    /// Per topic, messages not applied yet, in offset order.
    private var held: [String: Queue] = [:]
    /// Ticks this instance wrote to the partition and has not read back yet: their positions.
    private var written: [(id: String, positions: [String: Int64])] = []
    /// Per topic, the end of the backlog when the partition was assigned, until it is read.
    private var backlog: [String: Int64] = [:]
    private var arrivals = 0

    init(ticks: String) { self.ticks = ticks }

    /// Nothing held and nothing awaited: a message may be applied as it comes.
    var isIdle: Bool { held.isEmpty && written.isEmpty && backlog.isEmpty }

    /// How many messages wait.
    var heldCount: Int { held.values.reduce(0) { $0 + $1.count } }

    /// Messages of one topic in offset order; taking the first is O(1).
    private struct Queue: Sendable {
        private var items: [Input] = []
        private var start = 0

        var first: Input? { start < items.count ? items[start] : nil }
        var count: Int { items.count - start }

        mutating func append(_ input: Input) { items.append(input) }

        mutating func removeFirst() -> Input {
            let input = items[start]
            start += 1
            if start == items.count {
                items.removeAll(keepingCapacity: true)
                start = 0
            } else if start > 64, start * 2 > items.count {
                items.removeFirst(start)
                start = 0
            }
            return input
        }
    }

    /// `topic` held messages up to (not including) offset `end` when the partition was
    /// assigned: nothing is applied until they are read.
    mutating func awaitBacklog(of topic: String, before end: Int64) {
        backlog[topic] = end
    }

    /// Stops waiting for the backlog (it could not be read in time): the held messages go in
    /// order, as the next message comes; ticks may be written again to bring one.
    mutating func stopAwaiting() {
        backlog = [:]
        gaveUp = true
    }

    /// Whether the backlog was given up on; cleared once nothing is held.
    private(set) var gaveUp = false

    /// Whether a tick may be written now: nothing held or awaited (a tick placed before held
    /// messages would overtake them), or the backlog was given up on and no tick is out (held
    /// messages then drain only as another message comes; the tick is that message).
    var admitsTick: Bool { isIdle || (gaveUp && written.isEmpty) }

    /// This instance wrote tick `id`, to go before `positions`: inputs at or past them wait for it.
    mutating func wrote(id: String, positions: [String: Int64]) {
        written.append((id, positions))
    }

    /// Takes a consumed message to apply in its turn.
    mutating func hold(_ input: Input) {
        var input = input
        arrivals += 1
        input.arrival = arrivals
        if let end = backlog[input.topic], input.offset + 1 >= end { backlog[input.topic] = nil }
        held[input.topic, default: Queue()].append(input)
    }

    /// Tick `id` was read back: it is held now like any other.
    mutating func received(tick id: String) {
        if let index = written.firstIndex(where: { $0.id == id }) { written.removeSubrange(...index) }
    }

    /// The next message to apply, taken out, or nil if every held message must wait.
    /// `applied` gives a topic's checkpoint: the first offset whose effects are not applied.
    mutating func next(applied: (String) -> Int64?) -> Input? {
        // A tick of an earlier owner, or a command a held report answers, may not be read yet.
        guard backlog.isEmpty else { return nil }
        if held.isEmpty { gaveUp = false }
        if let head = held[ticks]?.first {
            // A tick that records no place, another role's tick or a dead letter: applied as read.
            guard let positions = head.positions, !reached(positions, applied: applied) else { return take(ticks) }
            return next(before: positions)
        }
        if let first = written.first { return next(before: first.positions) }
        return earliest { _ in true }
    }

    /// The oldest input that goes before a tick placed at `positions`.
    private mutating func next(before positions: [String: Int64]) -> Input? {
        earliest { input in
            guard let position = positions[input.topic] else { return false }
            return input.offset < position
        }
    }

    /// Whether every input before `positions` has been applied.
    private func reached(_ positions: [String: Int64], applied: (String) -> Int64?) -> Bool {
        positions.allSatisfy { topic, position in
            // A held message at or past the position: nothing before it is left to come.
            max(applied(topic) ?? 0, held[topic]?.first?.offset ?? 0) >= position
        }
    }

    private mutating func earliest(where allowed: (Input) -> Bool) -> Input? {
        var best: Input?
        for (topic, queue) in held where topic != ticks {
            guard let head = queue.first, allowed(head) else { continue }
            // Oldest by Kafka timestamp (when it was produced), then by arrival.
            if best.map({ (head.timestamp, head.arrival) < ($0.timestamp, $0.arrival) }) ?? true { best = head }
        }
        return best.flatMap { take($0.topic) }
    }

    private mutating func take(_ topic: String) -> Input? {
        guard var queue = held.removeValue(forKey: topic), queue.count > 0 else { return nil }
        let input = queue.removeFirst()
        if queue.count > 0 { held[topic] = queue }
        return input
    }
}
