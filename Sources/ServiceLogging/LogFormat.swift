/// How log lines are written: JSON lines for collectors, readable text for people.
public enum LogFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// JSON lines when the destination is not a terminal, text when it is.
    case auto
    /// One JSON object per line.
    case json
    /// `timestamp level label: message key=value …`, for a terminal.
    case text

    /// The concrete format for a destination: `auto` becomes `text` on a
    /// terminal and `json` anywhere else.
    public func resolved(isTerminal: Bool) -> LogFormat {
        switch self {
        case .auto: isTerminal ? .text : .json
        case .json, .text: self
        }
    }
}
