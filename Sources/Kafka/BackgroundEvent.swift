import CRdKafka

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
    static func perform<T: Sendable>(
        start: (UnsafeMutableRawPointer) -> KafkaError?,
        read: @escaping @Sendable (OpaquePointer) -> Result<T, KafkaError>
    ) async throws(KafkaError) -> T {
        let result: Result<T, KafkaError> = await withCheckedContinuation { continuation in
            let box = Unmanaged.passRetained(BackgroundEvent { event in
                continuation.resume(returning: read(event))
            })
            if let error = start(box.toOpaque()) {
                box.release()
                continuation.resume(returning: .failure(error))
            }
        }
        return try result.get()
    }

    /// The event's error, if it carries one.
    static func error(of event: OpaquePointer) -> KafkaError? {
        let err = rd_kafka_event_error(event)
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        return KafkaError(err, reason: rd_kafka_event_error_string(event).map { String(cString: $0) })
    }
}
