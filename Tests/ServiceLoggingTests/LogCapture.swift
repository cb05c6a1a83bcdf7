import Logging
import Synchronization

@testable import ServiceLogging

/// Collects the lines a handler writes, for assertions.
final class LogCapture: Sendable {
    private let stored = Mutex<[String]>([])

    var lines: [String] { stored.withLock { $0 } }

    func append(_ line: String) {
        stored.withLock { $0.append(line) }
    }

    /// A logger that writes `format` into this capture at a fixed time.
    func logger(
        label: String = "maintenanced.test",
        format: LogFormat,
        isTerminal: Bool = false,
        level: Logger.Level = .info,
        metadata: Logger.Metadata = [:]
    ) -> Logger {
        let destination = LogDestination.sink(isTerminal: isTerminal) { line in
            self.append(line)
        }
        return Logger(label: label) { label in
            ServiceLogHandler(
                label: label, format: format, level: level, metadata: metadata, metadataProvider: nil,
                destination: destination, clock: { "2026-11-21T09:30:00.123Z" }
            )
        }
    }
}
