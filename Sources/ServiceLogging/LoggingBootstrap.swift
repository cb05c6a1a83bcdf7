import Logging

/// Installs the service's log handler as the process's logging backend.
public enum LoggingBootstrap {
    /// Bootstraps `LoggingSystem` once per process with ``ServiceLogHandler``:
    /// `format` (`auto` is resolved against `destination`), `level` and above,
    /// and `metadata` on every line (for example the role of a single-role process);
    /// `metadataProvider` adds task-local metadata (for example the event being handled).
    public static func bootstrap(
        format: LogFormat = .auto,
        level: Logger.Level = .info,
        metadata: Logger.Metadata = [:],
        metadataProvider: Logger.MetadataProvider? = nil,
        destination: LogDestination = .standardError
    ) {
        LoggingSystem.bootstrap(
            { label, provider in
                ServiceLogHandler(
                    label: label, format: format, level: level, metadata: metadata,
                    metadataProvider: provider, destination: destination
                )
            },
            metadataProvider: metadataProvider
        )
    }
}
