import CRdKafka
import Synchronization

/// Which messages of a producer have had their delivery report, by sequence number.
///
/// Each message gets the next sequence number when it is enqueued; librdkafka hands
/// the number back in the delivery report (as the message opaque). The tracker keeps
/// a watermark below which every message is done and a ring of bits for the ones
/// done above it, so awaiting "everything up to S" costs one waiter, not one
/// continuation per message.
final class DeliveryTracker: Sendable {
    private let state = Mutex(State())
    private let assigned = Atomic<UInt64>(0)

    /// Takes the next sequence number for a message about to be enqueued.
    func next() -> UInt64 {
        assigned.add(1, ordering: .relaxed).newValue
    }

    /// Gives back the number of a message librdkafka refused; it counts as done, not failed.
    func cancel(_ sequence: UInt64) {
        let ready = state.withLock { state in
            state.complete(sequence, error: nil)
            return state.readyWaiters()
        }
        ready.forEach { $0.resume() }
    }

    /// The last sequence number handed out.
    var lastAssigned: UInt64 {
        assigned.load(ordering: .relaxed)
    }

    /// Set in a message's opaque (beside its sequence number) when its sender wants the offset
    /// it was written at: the report keeps it (and the partition) for `takePosition`.
    static let keepOffsetFlag: UInt64 = 1 << 63

    /// Records the delivery reports of one librdkafka DR event under one lock; called on the poll thread.
    func report(_ messages: UnsafeBufferPointer<UnsafePointer<rd_kafka_message_t>?>) {
        let ready = state.withLock { state in
            for case let message? in messages {
                let opaque = UInt64(UInt(bitPattern: message.pointee._private))
                let sequence = opaque & ~Self.keepOffsetFlag
                let err = message.pointee.err
                if opaque & Self.keepOffsetFlag != 0, err == RD_KAFKA_RESP_ERR_NO_ERROR { state.offsets[sequence] = (message.pointee.partition, message.pointee.offset) }
                state.complete(sequence, error: err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(err))
            }
            return state.readyWaiters()
        }
        ready.forEach { $0.resume() }
    }

    /// The partition and offset message `sequence` was written at, once (it is forgotten
    /// then); nil if it was not sent keeping its offset, is not delivered yet, or failed.
    func takePosition(_ sequence: UInt64) -> (partition: Int32, offset: Int64)? {
        state.withLock { $0.offsets.removeValue(forKey: sequence) }
    }

    /// Where each of `sequences` was written, for those whose report came (kept, unlike
    /// `takePosition`), under one lock.
    func positions(_ sequences: [UInt64]) -> [(partition: Int32, offset: Int64)?] {
        state.withLock { state in sequences.map { state.offsets[$0] } }
    }

    /// Waits until every message up to `sequence` has its report; throws the first failure among them.
    func waitForAll(upTo sequence: UInt64) async throws(KafkaError) {
        try await wait(.upTo(sequence))
    }

    /// Waits for the report of the message `sequence`; throws if it failed.
    func waitFor(_ sequence: UInt64) async throws(KafkaError) {
        try await wait(.exactly(sequence))
    }

    /// Waits for the reports of exactly `sequences` (ascending), whatever else is in flight;
    /// throws the first failure among them. For senders that share the producer with another
    /// stage whose messages are still in flight (its reports are not waited for, nor its
    /// failures taken).
    func waitForEach(_ sequences: [UInt64]) async throws(KafkaError) {
        guard !sequences.isEmpty else { return }
        try await wait(.each(sequences, checked: 0))
    }

    /// Waits until half of the outstanding messages are done; for a sender facing a full queue.
    ///
    /// Waiting for half rather than for one keeps a full queue from waking the sender
    /// once per delivery report batch.
    func waitForProgress() async throws(KafkaError) {
        let watermark = state.withLock { $0.watermark }
        let outstanding = lastAssigned - min(watermark, lastAssigned)
        try await wait(.watermarkAbove(watermark + outstanding / 2))
    }

    /// Fails every waiter and future wait: the producer is gone.
    func close(_ error: KafkaError) {
        let waiters = state.withLock { state in
            state.closedError = error
            defer { state.waiters.removeAll() }
            return state.waiters.map { $0.ready(error) }
        }
        waiters.forEach { $0.resume() }
    }

    /// Waits for `target`; a cancelled task stops waiting at once with an `_INTR` error.
    private func wait(_ target: Target) async throws(KafkaError) {
        let id = state.withLock { state in
            state.lastWaiterID += 1
            return state.lastWaiterID
        }
        let result: Result<Void, KafkaError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let waiter = Waiter(id: id, target: target, continuation: continuation)
                let ready = state.withLock { state -> ReadyWaiter? in
                    let cancelled = state.cancelledWaiters.remove(id) != nil
                    var waiter = waiter
                    if state.isDone(updating: &waiter.target) { return waiter.ready(state.takeFailure(waiter.target)) }
                    if let closed = state.closedError { return waiter.ready(closed) }
                    if cancelled { return waiter.ready(Self.cancelled) }
                    state.waiters.append(waiter)
                    return nil
                }
                ready?.resume()
            }
        } onCancel: {
            cancelWaiter(id)
        }
        try result.get()
    }

    /// Ends the wait of waiter `id`, or marks it so that it does not start.
    private func cancelWaiter(_ id: UInt64) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else {
                state.cancelledWaiters.insert(id)
                return nil
            }
            return state.waiters.remove(at: index)
        }
        waiter?.ready(Self.cancelled).resume()
    }

    /// What a cancelled wait throws.
    static let cancelled = KafkaError(RD_KAFKA_RESP_ERR__INTR, reason: "waiting for delivery reports was cancelled")
}

extension DeliveryTracker {
    enum Target {
        case upTo(UInt64)
        case exactly(UInt64)
        /// Every one of these (ascending); those before `checked` are known to be done.
        case each([UInt64], checked: Int)
        /// Any progress: the watermark passed this value. Reports no failure.
        case watermarkAbove(UInt64)
    }

    struct Waiter {
        let id: UInt64
        var target: Target
        let continuation: CheckedContinuation<Result<Void, KafkaError>, Never>

        func ready(_ error: KafkaError?) -> ReadyWaiter {
            ReadyWaiter(continuation: continuation, result: error.map { .failure($0) } ?? .success(()))
        }
    }

    /// A waiter to resume once the lock is released.
    struct ReadyWaiter {
        let continuation: CheckedContinuation<Result<Void, KafkaError>, Never>
        let result: Result<Void, KafkaError>
        func resume() { continuation.resume(returning: result) }
    }

    struct State {
        /// Every sequence number up to this one is done.
        var watermark: UInt64 = 0
        /// Done flags for sequence numbers above the watermark, in a ring of 64-bit words.
        var bits = [UInt64](repeating: 0, count: 1024)
        /// Failures not yet reported to a waiter, by sequence number.
        var failures: [UInt64: KafkaError] = [:]
        /// The partitions and offsets of delivered messages sent keeping theirs, until taken.
        var offsets: [UInt64: (partition: Int32, offset: Int64)] = [:]
        var waiters: [Waiter] = []
        var closedError: KafkaError?
        var lastWaiterID: UInt64 = 0
        /// Waiters cancelled before they were registered.
        var cancelledWaiters: Set<UInt64> = []

        /// Marks `sequence` done, remembering its failure for the waiter that will report it.
        mutating func complete(_ sequence: UInt64, error: KafkaError?) {
            if let error { failures[sequence] = error }
            if sequence == watermark + 1 {
                watermark = sequence
                advance()
            } else if sequence > watermark {
                mark(sequence)
            }
        }

        /// Removes and returns the waiters whose target is done.
        mutating func readyWaiters() -> [ReadyWaiter] {
            guard !waiters.isEmpty else { return [] }
            var ready: [ReadyWaiter] = []
            var index = 0
            while index < waiters.count {
                if isDone(updating: &waiters[index].target) {
                    let waiter = waiters.remove(at: index)
                    ready.append(waiter.ready(takeFailure(waiter.target)))
                } else {
                    index += 1
                }
            }
            return ready
        }

        /// Whether `target` is done.
        func isDone(_ target: Target) -> Bool {
            var target = target
            return isDone(updating: &target)
        }

        /// Whether `target` is done; an `each` target remembers how far it is known to be done.
        func isDone(updating target: inout Target) -> Bool {
            switch target {
            case .upTo(let sequence): return sequence <= watermark
            case .exactly(let sequence): return sequence <= watermark || isMarked(sequence)
            case .watermarkAbove(let value): return watermark > value
            case .each(let sequences, var checked):
                while checked < sequences.count, sequences[checked] <= watermark || isMarked(sequences[checked]) { checked += 1 }
                target = .each(sequences, checked: checked)
                return checked == sequences.count
            }
        }

        /// Removes and returns the first failure the waiter for `target` must report.
        mutating func takeFailure(_ target: Target) -> KafkaError? {
            guard !failures.isEmpty else { return nil }
            switch target {
            case .exactly(let sequence):
                return failures.removeValue(forKey: sequence)
            case .watermarkAbove:
                return nil
            case .each(let sequences, _):
                var first: KafkaError?
                var count = 0
                for sequence in sequences {
                    guard let error = failures.removeValue(forKey: sequence) else { continue }
                    first = first ?? error
                    count += 1
                }
                if count > 1 { first?.reason += " (and \(count - 1) more failed deliveries)" }
                return first
            case .upTo(let sequence):
                let reported = failures.keys.filter { $0 <= sequence }.sorted()
                guard let first = reported.first else { return nil }
                let error = failures[first]!
                for key in reported { failures.removeValue(forKey: key) }
                if reported.count > 1 {
                    var summary = error
                    summary.reason += " (and \(reported.count - 1) more failed deliveries up to #\(sequence))"
                    return summary
                }
                return error
            }
        }

        private var capacity: UInt64 { UInt64(bits.count) * 64 }

        private func isMarked(_ sequence: UInt64) -> Bool {
            guard sequence > watermark, sequence - watermark < capacity else { return false }
            let bit = sequence % capacity
            return bits[Int(bit / 64)] & (1 << (bit % 64)) != 0
        }

        private mutating func mark(_ sequence: UInt64) {
            while sequence - watermark >= capacity { grow() }
            let bit = sequence % capacity
            bits[Int(bit / 64)] |= 1 << (bit % 64)
        }

        /// Moves the watermark over every done sequence number that follows it.
        private mutating func advance() {
            while true {
                let bit = (watermark + 1) % capacity
                let word = Int(bit / 64)
                let mask: UInt64 = 1 << (bit % 64)
                guard bits[word] & mask != 0 else { return }
                bits[word] &= ~mask
                watermark += 1
            }
        }

        /// Doubles the ring, keeping each marked number's flag.
        private mutating func grow() {
            let oldCapacity = capacity
            var grown = [UInt64](repeating: 0, count: bits.count * 2)
            let newCapacity = UInt64(grown.count) * 64
            for sequence in (watermark + 1)..<(watermark + oldCapacity) {
                let old = sequence % oldCapacity
                guard bits[Int(old / 64)] & (1 << (old % 64)) != 0 else { continue }
                let new = sequence % newCapacity
                grown[Int(new / 64)] |= 1 << (new % 64)
            }
            bits = grown
        }
    }
}
