import Logging
import Synchronization

/// A log handler that keeps every message with its level and metadata, one line each
/// (`warning Kafka: … ["kafka.error": _TRANSPORT]`), for tests that look at what was logged.
public final class LogCapture: LogHandler, Sendable {
    private let stored = Mutex<[String]>([])

    public init() {}

    /// Everything logged so far, in order.
    public var lines: [String] { stored.withLock { $0 } }

    /// A logger at trace level whose every message lands here.
    public func logger(label: String) -> Logger {
        var logger = Logger(label: label) { _ in self }
        logger.logLevel = .trace
        return logger
    }

    public var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }

    public var logLevel: Logger.Level {
        get { .trace }
        set {}
    }

    public subscript(metadataKey _: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    public func log(event: LogEvent) {
        stored.withLock { $0.append("\(event.level) \(event.message) \(event.metadata ?? [:])") }
    }
}
