import JSON
import Logging

extension LogLine {
    /// One JSON object on one line:
    /// `{"timestamp":…,"level":"info","label":…,"message":…,"role":…,"server_id":…,"event_id":…,"metadata":{…}}`.
    /// The fields of ``LogField/topLevel`` are lifted out of the metadata when
    /// present; the rest of the metadata is under `metadata`.
    func json() -> String {
        var out = "{"
        out += "\"timestamp\":" + JSONString.quoted(timestamp)
        out += ",\"level\":" + JSONString.quoted(level.rawValue)
        out += ",\"label\":" + JSONString.quoted(label)
        out += ",\"message\":" + JSONString.quoted(message)
        var rest = metadata
        for key in LogField.topLevel {
            if let value = rest.removeValue(forKey: key) {
                out += "," + JSONString.quoted(key) + ":" + JSONText.value(value)
            }
        }
        if let error {
            out += ",\"error\":" + JSONString.quoted(error)
        }
        if !rest.isEmpty {
            out += ",\"metadata\":" + JSONText.value(.dictionary(rest))
        }
        if level <= .debug {
            out += ",\"source\":" + JSONString.quoted("\(file):\(line)")
        }
        out += "}"
        return out
    }
}

/// Log metadata as JSON text, its strings written by `JSONString` (so that a line
/// never breaks, whatever it holds).
public enum JSONText {
    /// Metadata as JSON: strings, arrays and objects (keys sorted).
    public static func value(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text):
            return JSONString.quoted(text)
        case .stringConvertible(let convertible):
            return JSONString.quoted(convertible.description)
        case .array(let elements):
            return "[" + elements.map { self.value($0) }.joined(separator: ",") + "]"
        case .dictionary(let dictionary):
            let entries = dictionary.keys.sorted().map { key in JSONString.quoted(key) + ":" + self.value(dictionary[key]!) }
            return "{" + entries.joined(separator: ",") + "}"
        }
    }
}
