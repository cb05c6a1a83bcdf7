import CRdKafka
import Synchronization

extension KafkaConfiguration {
    /// Milliseconds without a message after which a consumer stops fetching and probes
    /// instead (`IdleFetching`); unset or 0: never. Read by this package, not passed to librdkafka.
    public static let idlePauseProperty = "consumer.idle.pause.ms"
    /// Milliseconds between the end-offset probes of a consumer that stopped fetching
    /// (default 1000). Read by this package, not passed to librdkafka.
    public static let idleProbeProperty = "consumer.idle.probe.ms"
    /// The properties this package reads itself: they are never handed to librdkafka.
    static let packageProperties: Set<String> = [idlePauseProperty, idleProbeProperty]
}

/// A consumer that stops fetching while nothing arrives, for brokers that hold an empty
/// fetch for the whole `fetch.wait.max.ms` even when data comes in meanwhile.
///
/// librdkafka 2.0.2's mock cluster (the embedded broker) is such a broker: to read new
/// data within a few milliseconds a consumer needs a `fetch.wait.max.ms` of a few
/// milliseconds, and then it sends a fetch that many times a second forever, waking its
/// own threads and the broker's (at rest, `maintenanced run` on its embedded broker spent
/// ~7 % of a core and ~1,400 wakeups/s on it). A real broker answers a fetch as soon as
/// data arrives, so it does not need this.
///
/// After `pauseAfter` without a message, the consumer pauses the partitions it is
/// assigned and instead asks their end offsets (one ListOffsets request per broker)
/// every `probeInterval`. When one ends beyond the high watermark its last fetch saw, or
/// cannot be asked, it resumes them: the first message after a rest waits up to
/// `probeInterval` longer; a consumer that keeps receiving never pauses. A rebalance or
/// `assign` resumes them first.
///
/// A pause drops what librdkafka fetched of the partitions and had not handed out, and the
/// probe compares with the high watermark seen at the pause, so a pause must not come while
/// a fetch's messages are on their way: the consumer is not idle while a partition it has
/// read from is behind the high watermark it knows (a broker answering late), nor while a
/// partition has had no fetch answered since its assignment or since a probe saw its end
/// move (a broker answering later than the idle time), and it pauses only when a later
/// poll, `confirmAfter` on, got nothing either and saw the same watermarks (a fetch
/// answered just before the idle time ran out hands its messages out in that poll). Each
/// of these races left a reader waiting for ever on messages already written.
///
/// The polling thread does the pausing and probing; `assign` and the rebalance hook may
/// resume from another thread, hence the lock.
final class IdleFetching: Sendable {
    let pauseAfter: Duration
    let probeInterval: Duration
    /// How long after the idle time ran out a poll confirms it (`State.idle`).
    let confirmAfter: Duration
    private let state: Mutex<State>

    struct State: Sendable {
        var lastMessage = ContinuousClock.now
        /// The partitions paused by this, with the high watermark their last fetch saw.
        var paused: [KafkaTopicPartition: Int64]?
        /// Idle long enough at `at`, with the high watermarks seen then: the pause waits for
        /// a poll `confirmAfter` later that got nothing and sees the same.
        var armed: (at: ContinuousClock.Instant, seen: [KafkaTopicPartition: Int64])?
        var nextProbe = ContinuousClock.now
        var pauses = 0
        var probes = 0
        /// The application waits for messages not fetched yet (`KafkaConsumer.expectMessages(_:)`): no rest.
        var expecting = false
        /// The ends a probe saw beyond the watermarks of the rest it ended: no rest until the
        /// fetches have seen them (a broker answering later than the idle time would otherwise
        /// be paused again before each answer, for ever).
        var probed: [KafkaTopicPartition: Int64] = [:]

        /// What an idle consumer does after a poll that got nothing.
        enum Step: Equatable {
            /// A partition is behind the high watermark it knows: a fetch is on its way; the idle time starts again.
            case busy
            /// Waits for the confirming poll.
            case wait
            /// Idle from now, with these watermarks; the confirming poll comes `confirmAfter` later.
            case arm([KafkaTopicPartition: Int64])
            /// Pauses, with the watermarks seen.
            case pause([KafkaTopicPartition: Int64])
        }

        /// Decides, from the high watermarks of the partitions it fetches (negative: no fetch
        /// answered yet) and their positions (the next offset the application gets; absent
        /// before its first message) read now; pure.
        func idle(at now: ContinuousClock.Instant, confirmAfter: Duration, watermarks: [KafkaTopicPartition: Int64], positions: [KafkaTopicPartition: Int64]) -> Step {
            for (partition, high) in watermarks {
                // No fetch answered since the assignment, or none since a probe saw the end move: one is on its way.
                if high < max(0, probed[partition] ?? 0) { return .busy }
                if let position = positions[partition], position >= 0, position < high { return .busy }
            }
            guard let armed else { return .arm(watermarks) }
            guard now - armed.at >= confirmAfter else { return .wait }
            return armed.seen == watermarks ? .pause(watermarks) : .arm(watermarks)
        }
    }

    /// The idle fetching `configuration` asks for, if any.
    init?(configuration: KafkaConfiguration) {
        guard let pause = configuration[KafkaConfiguration.idlePauseProperty].flatMap({ Int($0) }), pause > 0 else { return nil }
        let probe = configuration[KafkaConfiguration.idleProbeProperty].flatMap { Int($0) } ?? 1000
        pauseAfter = .milliseconds(pause)
        probeInterval = .milliseconds(max(probe, 1))
        confirmAfter = min(pauseAfter / 4, .milliseconds(100))
        state = Mutex(State())
    }

    /// Whether fetching is paused now.
    var isPaused: Bool { state.withLock { $0.paused != nil } }

    /// How many times it paused, and probed, so far.
    var counts: (pauses: Int, probes: Int) { state.withLock { ($0.pauses, $0.probes) } }

    /// Before a poll that may wait `wait`: probes if one is due, and returns how long the
    /// poll may wait (while paused, no longer than until the next probe).
    func beforePoll(_ consumer: KafkaConsumer, wait: Duration) -> Duration {
        let now = ContinuousClock.now
        let (paused, due, armed) = state.withLock { state in (state.paused, state.nextProbe, state.armed?.at) }
        guard let paused else {
            // Armed: the confirming poll must come.
            guard let armed else { return wait }
            return min(wait, max(armed + confirmAfter - now, .zero))
        }
        guard now >= due else { return min(wait, due - now) }
        let moved = Self.moved(paused, consumer: consumer)
        state.withLock { state in
            state.probes += 1
            state.nextProbe = now + probeInterval
            if let moved { state.probed.merge(moved) { max($0, $1) } }
        }
        if moved != nil {
            resume(consumer)
            // librdkafka 2.0.2 does not wake the broker thread on a resume: it would fetch only
            // at its next wake-up, up to a second later. A request to the leaders wakes them
            // (when it is sent, and again when it is answered), and they fetch.
            _ = try? consumer.endOffsets(of: Array(paused.keys), timeout: .seconds(1))
            return wait
        }
        return min(wait, probeInterval)
    }

    /// After a poll: messages came (the consumer is busy), or none did (it pauses once idle long enough).
    func afterPoll(_ consumer: KafkaConsumer, gotMessages: Bool) {
        let now = ContinuousClock.now
        let idle = state.withLock { state in
            if gotMessages { (state.lastMessage, state.armed) = (now, nil) }
            return state.paused == nil && !state.expecting && now - state.lastMessage >= pauseAfter
        }
        guard idle else { return }
        guard let partitions = try? consumer.assignment(), !partitions.isEmpty else {
            state.withLock { ($0.lastMessage, $0.armed) = (now, nil) }
            return
        }
        var seen: [KafkaTopicPartition: Int64] = [:]
        for partition in partitions {
            var low: Int64 = 0
            var high: Int64 = -1
            _ = rd_kafka_get_watermark_offsets(consumer.client.handle, partition.topic, partition.partition, &low, &high)
            seen[partition] = high
        }
        // A partition the application holds back is behind by design, and not fetched.
        let held = consumer.holds.withLock { $0 }
        let fetched = partitions.filter { !held.contains($0) }
        let positions = (try? consumer.positions(of: fetched)) ?? [:]
        let watermarks = seen.filter { !held.contains($0.key) }
        let step = state.withLock { $0.idle(at: now, confirmAfter: confirmAfter, watermarks: watermarks, positions: positions) }
        switch step {
        case .wait:
            return
        case .busy:
            state.withLock { ($0.lastMessage, $0.armed) = (now, nil) }
            return
        case .arm(let seen):
            state.withLock { $0.armed = (now, seen) }
            return
        case .pause:
            break
        }
        guard (try? consumer.pause(partitions)) != nil else {
            state.withLock { ($0.lastMessage, $0.armed) = (now, nil) }
            return
        }
        state.withLock { state in
            state.paused = seen
            state.armed = nil
            state.pauses += 1
            // The first probe right away: what came between the last fetch and the pause.
            state.nextProbe = now
        }
    }

    /// The application says whether it waits for messages not fetched yet; while it does,
    /// the consumer does not rest, and a rest in progress ends.
    ///
    /// "No message for a while" is not "read to the end": a partition whose broker answers
    /// fetches late has sent nothing either, and a rest beginning while its late answer is
    /// on the way drops that answer (librdkafka discards what it fetched of a paused
    /// partition), after which the probe, seeing the end it saw before, never resumes it.
    func expect(_ expecting: Bool, _ consumer: KafkaConsumer) {
        let resting = state.withLock { state in
            state.expecting = expecting
            if expecting { state.armed = nil }
            return state.paused != nil
        }
        if expecting, resting { resume(consumer) }
    }

    /// Resumes what it paused (a rebalance, an `assign`, a probe that saw new data); counts as activity.
    func resume(_ consumer: KafkaConsumer) {
        let paused = state.withLock { state in
            state.lastMessage = .now
            state.armed = nil
            defer { state.paused = nil }
            return state.paused
        }
        guard let paused else { return }
        // Partitions the application holds back stay paused.
        let resumed = consumer.holds.withLock { holds in paused.keys.filter { !holds.contains($0) } }
        guard !resumed.isEmpty else { return }
        do {
            try consumer.resume(resumed)
        } catch {
            consumer.logger.warning("resuming fetching after a rest failed: \(error)")
        }
    }

    /// The ends asked now, when any partition's end moved past the high watermark seen
    /// before the pause (or either is not known: then fetching resumes, to be safe); nil
    /// when none did.
    private static func moved(_ paused: [KafkaTopicPartition: Int64], consumer: KafkaConsumer) -> [KafkaTopicPartition: Int64]? {
        let partitions = Array(paused.keys)
        let ends: [KafkaTopicPartition: Int64]
        do {
            ends = try consumer.endOffsets(of: partitions, timeout: .seconds(2))
        } catch {
            return [:]
        }
        let moved = partitions.contains { partition in
            guard let seen = paused[partition], seen >= 0, let end = ends[partition] else { return true }
            return end > seen
        }
        return moved ? ends : nil
    }
}
