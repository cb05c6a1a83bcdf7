import Logging
import Synchronization

/// A log handler that keeps every message with its metadata, to look for secrets in them.
final class SecretLogCapture: LogHandler, Sendable {
    private let stored = Mutex<[String]>([])

    var lines: [String] { stored.withLock { $0 } }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }

    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }

    subscript(metadataKey _: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        stored.withLock { $0.append("\(event.level) \(event.message) \(event.metadata ?? [:])") }
    }
}
