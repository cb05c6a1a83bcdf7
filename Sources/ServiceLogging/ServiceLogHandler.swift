import Logging

/// The service's `LogHandler`: one line per message, as JSON or readable text,
/// with timestamp, level, label, message and metadata. Secret-looking metadata
/// (passwords, tokens, keys) is masked before it is written.
public struct ServiceLogHandler: LogHandler, Sendable {
    /// The label of the logger, usually the component (`maintenanced.runtime`).
    public let label: String
    /// The concrete format, `json` or `text` (never `auto`).
    public let format: LogFormat
    /// The minimum level written.
    public var logLevel: Logger.Level
    /// The handler's own metadata, set through `logger[metadataKey:]`.
    public var metadata: Logger.Metadata
    /// Metadata added to every line from the task-local context.
    public var metadataProvider: Logger.MetadataProvider?

    let destination: LogDestination
    let clock: @Sendable () -> String

    /// A handler for `label` writing `format` (`auto` is resolved against the
    /// destination) at `level` and above, starting with `metadata`.
    public init(
        label: String,
        format: LogFormat = .auto,
        level: Logger.Level = .info,
        metadata: Logger.Metadata = [:],
        metadataProvider: Logger.MetadataProvider? = nil,
        destination: LogDestination = .standardError
    ) {
        self.init(
            label: label, format: format, level: level, metadata: metadata,
            metadataProvider: metadataProvider, destination: destination, clock: LogTimestamp.now
        )
    }

    init(
        label: String,
        format: LogFormat,
        level: Logger.Level,
        metadata: Logger.Metadata,
        metadataProvider: Logger.MetadataProvider?,
        destination: LogDestination,
        clock: @escaping @Sendable () -> String
    ) {
        self.label = label
        self.format = format.resolved(isTerminal: destination.isTerminal)
        self.logLevel = level
        self.metadata = metadata
        self.metadataProvider = metadataProvider
        self.destination = destination
        self.clock = clock
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        let line = LogLine(
            timestamp: clock(), level: event.level, label: label, message: event.message.description,
            metadata: LogRedaction.redact(merged), error: event.error.map { "\($0)" },
            source: event.source, file: event.file, line: event.line
        )
        destination.write(line: format == .text ? line.text() : line.json())
    }
}
