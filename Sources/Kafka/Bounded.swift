import CRdKafka

/// Runs `operation` for at most `timeout`: its result, or nil when the time ran out first (the
/// operation is then cancelled: the waits of this package end at once with `_INTR` when their
/// task is cancelled, and what they waited for goes on alone). Throws what the operation
/// throws, or `_INTR` if the calling task is cancelled.
func bounded<T: Sendable>(
    by timeout: Duration, _ operation: @escaping @Sendable () async throws(KafkaError) -> T
) async throws(KafkaError) -> T? {
    let outcome = await withTaskGroup(of: Result<T?, KafkaError>?.self) { group in
        group.addTask {
            do throws(KafkaError) {
                return .success(try await operation())
            } catch {
                return .failure(error)
            }
        }
        group.addTask {
            do {
                try await Task.sleep(for: timeout)
                return .success(nil)
            } catch {
                return nil
            }
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
    guard let outcome else { throw KafkaError(RD_KAFKA_RESP_ERR__INTR, reason: "cancelled while waiting") }
    return try outcome.get()
}
