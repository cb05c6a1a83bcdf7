import Logging
import ServiceLogging

/// The service's log output.
public struct LoggingSettings: Sendable, Hashable, Decodable {
    /// The lowest level written: trace, debug, info, notice, warning, error, critical.
    public var level: Logger.Level
    /// `auto` (JSON lines off a terminal, text on one), `json` or `text`.
    public var format: LogFormat

    /// Settings at `level` in `format`.
    public init(level: Logger.Level = .info, format: LogFormat = .auto) {
        self.level = level
        self.format = format
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case level, format }

    public init(from decoder: any Decoder) throws {
        let defaults = LoggingSettings()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        level = try container.decode(forKey: .level, default: defaults.level)
        format = try container.decode(forKey: .format, default: defaults.format)
    }
}
