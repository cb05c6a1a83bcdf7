import JSON
import Logging

extension LogLine {
    /// `2026-11-21T09:30:00.123Z info maintenanced.runtime: message role=power server_id=s1 key=value`:
    /// the well-known fields first, then the other metadata sorted by key.
    func text() -> String {
        var out = "\(timestamp) \(level.rawValue) \(label): \(message)"
        var rest = metadata
        for key in LogField.topLevel {
            if let value = rest.removeValue(forKey: key) { out += " \(key)=\(Self.text(value))" }
        }
        for key in rest.keys.sorted() {
            out += " \(key)=\(Self.text(rest[key]!))"
        }
        if let error {
            out += " error=\(JSONString.quoted(error))"
        }
        if level <= .debug {
            out += " (\(file):\(line))"
        }
        return out
    }

    private static func text(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text):
            text.contains(" ") || text.isEmpty ? JSONString.quoted(text) : text
        case .stringConvertible(let convertible):
            text(.string(convertible.description))
        case .array, .dictionary:
            JSONText.value(value)
        }
    }
}
