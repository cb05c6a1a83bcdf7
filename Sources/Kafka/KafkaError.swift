import CRdKafka

/// An error reported by librdkafka, a broker or this client.
///
/// Carries librdkafka's error code and name so callers can branch on them, the
/// human-readable reason, and whether retrying can help (`isRetriable`) or the
/// client is unusable and must be recreated (`isFatal`).
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// librdkafka's `rd_kafka_resp_err_t` value (negative values are local errors).
    public var code: Int32
    /// librdkafka's symbolic name for `code`, e.g. `_QUEUE_FULL` or `UNKNOWN_TOPIC_OR_PART`.
    public var name: String
    /// What went wrong, in words.
    public var reason: String
    /// Whether the same operation may succeed if retried.
    public var isRetriable: Bool
    /// Whether the client that reported it can no longer be used.
    public var isFatal: Bool

    /// Creates an error from its parts; `name` defaults to librdkafka's name for `code`.
    public init(code: Int32, name: String? = nil, reason: String, isRetriable: Bool = false, isFatal: Bool = false) {
        self.code = code
        self.name = name ?? String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(code)))
        self.reason = reason
        self.isRetriable = isRetriable
        self.isFatal = isFatal
    }

    /// Whether librdkafka's local queue was full (`_QUEUE_FULL`): wait for deliveries, then retry.
    public var isQueueFull: Bool {
        code == RD_KAFKA_RESP_ERR__QUEUE_FULL.rawValue
    }

    /// Whether a commit that failed with this error can be left to the next one: nothing is
    /// lost, as the offsets stay stored and the next commit (or the revocation hook, or the
    /// close) sends them, or else the partitions' next owner processes those messages again
    /// (at-least-once). That holds while the group or the way to it is in flux:
    /// - the group is rebalancing or this member's generation is over (`REBALANCE_IN_PROGRESS`,
    ///   `ILLEGAL_GENERATION`, `UNKNOWN_MEMBER_ID`, librdkafka's `_ASSIGNMENT_LOST` for a commit
    ///   made after the member was dropped and before its partitions are revoked);
    /// - the group's coordinator is unknown, moving or loading (`_WAIT_COORD`,
    ///   `COORDINATOR_NOT_AVAILABLE`, `NOT_COORDINATOR`, `COORDINATOR_LOAD_IN_PROGRESS`);
    /// - the request did not get through (any other retriable error: a broker down, a timeout).
    ///
    /// Anything else (a refused authorization, a fatal client) does not pass by waiting.
    public var defersCommit: Bool {
        guard !isFatal else { return false }
        return isRetriable || code == RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS.rawValue
            || code == RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION.rawValue || code == RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID.rawValue
            || code == RD_KAFKA_RESP_ERR__ASSIGNMENT_LOST.rawValue || code == RD_KAFKA_RESP_ERR__WAIT_COORD.rawValue
            || code == RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE.rawValue || code == RD_KAFKA_RESP_ERR_NOT_COORDINATOR.rawValue
            || code == RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS.rawValue
    }

    /// Whether the brokers could not be reached at all: no connection (`_TRANSPORT`,
    /// `_ALL_BROKERS_DOWN`), a name that does not resolve (`_RESOLVE`), or no answer in time
    /// (`_TIMED_OUT`, and `_MSG_TIMED_OUT` for a message never delivered). What a command tells
    /// apart from a broker's refusal (exit 69, not 1).
    public var isUnreachable: Bool {
        code == RD_KAFKA_RESP_ERR__TRANSPORT.rawValue || code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN.rawValue
            || code == RD_KAFKA_RESP_ERR__RESOLVE.rawValue || code == RD_KAFKA_RESP_ERR__TIMED_OUT.rawValue
            || code == RD_KAFKA_RESP_ERR__MSG_TIMED_OUT.rawValue
    }

    /// A readable one-line form: `NAME (code): reason`, with the retriable/fatal flags.
    public var description: String {
        var text = "\(name) (\(code)): \(reason)"
        if isFatal { text += " [fatal]" }
        if isRetriable { text += " [retriable]" }
        return text
    }
}

extension KafkaError {
    /// An error for a response code, with librdkafka's text as the reason unless one is given.
    init(_ err: rd_kafka_resp_err_t, reason: String? = nil) {
        self.init(
            code: err.rawValue,
            reason: reason ?? String(cString: rd_kafka_err2str(err)),
            isRetriable: err == RD_KAFKA_RESP_ERR__QUEUE_FULL || err == RD_KAFKA_RESP_ERR__TIMED_OUT
                || err == RD_KAFKA_RESP_ERR__TRANSPORT || err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN
                || err == RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT || err == RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION
                || err == RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE || err == RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS
                || err == RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE || err == RD_KAFKA_RESP_ERR_NOT_COORDINATOR
                || err == RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
            isFatal: err == RD_KAFKA_RESP_ERR__FATAL
        )
    }

    /// An error from an `rd_kafka_error_t`, which it destroys.
    init(consuming error: OpaquePointer) {
        defer { rd_kafka_error_destroy(error) }
        self.init(
            code: rd_kafka_error_code(error).rawValue,
            name: String(cString: rd_kafka_error_name(error)),
            reason: String(cString: rd_kafka_error_string(error)),
            isRetriable: rd_kafka_error_is_retriable(error) != 0,
            isFatal: rd_kafka_error_is_fatal(error) != 0
        )
    }

    /// A usage or configuration error raised by this client rather than librdkafka.
    static func invalidArgument(_ reason: String) -> KafkaError {
        KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, reason: reason)
    }

    /// The operation was attempted on a client that has been closed.
    static func closed(_ what: String) -> KafkaError {
        KafkaError(RD_KAFKA_RESP_ERR__DESTROY, reason: "\(what) is closed")
    }
}
