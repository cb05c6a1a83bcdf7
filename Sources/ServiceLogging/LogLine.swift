import Logging

/// One log line before it is written: what every format shows.
struct LogLine {
    var timestamp: String
    var level: Logger.Level
    var label: String
    var message: String
    /// Already redacted.
    var metadata: Logger.Metadata
    /// The error attached to the event, described.
    var error: String?
    var source: String
    var file: String
    var line: UInt
}
