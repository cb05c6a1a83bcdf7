import CRdKafka
import Synchronization

/// Connects a queue-based librdkafka call (admin requests, async commits) to the task
/// awaiting its result.
///
/// The call is given a retained box as its opaque; librdkafka's background thread
/// hands the result event to `dispatch`, which reads it in the box's handler,
/// resumes the task and destroys the event. No thread of ours waits.
final class BackgroundEvent: @unchecked Sendable {
    private let handler: (OpaquePointer) -> Void

    private init(handler: @escaping (OpaquePointer) -> Void) {
        self.handler = handler
    }

    /// Called by librdkafka's background thread for every event on the background queue.
    static func dispatch(_ event: OpaquePointer) {
        defer { rd_kafka_event_destroy(event) }
        guard let opaque = rd_kafka_event_opaque(event) else { return }
        Unmanaged<BackgroundEvent>.fromOpaque(opaque).takeRetainedValue().handler(event)
    }

    /// Starts a call with `start(opaque)` and returns what `read` makes of its result event.
    ///
    /// `start` returns an error if the call could not be started; the event then never comes.
    /// A cancelled task stops waiting at once with an `_INTR` error (the call goes on alone and
    /// its event, when it comes, is read and dropped): a broker that never answers cannot hold
    /// the caller for ever.
    static func perform<T: Sendable>(
        start: (UnsafeMutableRawPointer) -> KafkaError?,
        read: @escaping @Sendable (OpaquePointer) -> Result<T, KafkaError>
    ) async throws(KafkaError) -> T {
        let waiter = Waiter<T>()
        let result: Result<T, KafkaError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard waiter.wait(continuation) else { return }
                let box = Unmanaged.passRetained(BackgroundEvent { event in
                    waiter.resume(read(event))
                })
                if let error = start(box.toOpaque()) {
                    box.release()
                    waiter.resume(.failure(error))
                }
            }
        } onCancel: {
            waiter.resume(.failure(KafkaError(RD_KAFKA_RESP_ERR__INTR, reason: "waiting for the broker's answer was cancelled")))
        }
        return try result.get()
    }

    /// Starts a call with `start(opaque)` whose result event goes to `handler` on librdkafka's
    /// background thread; nothing waits for it. Returns the error if the call could not be
    /// started (the handler is then never called).
    static func start(
        _ start: (UnsafeMutableRawPointer) -> KafkaError?,
        then handler: @escaping @Sendable (OpaquePointer) -> Void
    ) -> KafkaError? {
        let box = Unmanaged.passRetained(BackgroundEvent(handler: handler))
        guard let error = start(box.toOpaque()) else { return nil }
        box.release()
        return error
    }

    /// The one continuation of a `perform`, resumed by whichever comes first: the event or the cancellation.
    private final class Waiter<T: Sendable>: Sendable {
        private let state = Mutex<(continuation: CheckedContinuation<Result<T, KafkaError>, Never>?, early: Result<T, KafkaError>?)>((nil, nil))

        /// Keeps `continuation`; false (and resumed) if the result, a cancellation, came first.
        func wait(_ continuation: CheckedContinuation<Result<T, KafkaError>, Never>) -> Bool {
            let early = state.withLock { state in
                if state.early == nil { state.continuation = continuation }
                return state.early
            }
            guard let early else { return true }
            continuation.resume(returning: early)
            return false
        }

        /// Resumes the waiting task with `result`, once; later results are dropped.
        func resume(_ result: Result<T, KafkaError>) {
            let continuation = state.withLock { state in
                guard state.early == nil else { return nil as CheckedContinuation<Result<T, KafkaError>, Never>? }
                state.early = result
                defer { state.continuation = nil }
                return state.continuation
            }
            continuation?.resume(returning: result)
        }
    }

    /// The event's error, if it carries one.
    static func error(of event: OpaquePointer) -> KafkaError? {
        let err = rd_kafka_event_error(event)
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        return KafkaError(err, reason: rd_kafka_event_error_string(event).map { String(cString: $0) })
    }
}
